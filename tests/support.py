"""Helpers shared by the tests: run a server in a thread, talk to it, find leaks."""

import csv
import os
import socket
from pathlib import Path

from course_tools.notebook import running  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parent.parent  # the repository
LOCALHOST = "127.0.0.1"
ANY_PORT = (LOCALHOST, 0)
# How long a test waits for something that should happen at once, before calling it a hang.
PATIENCE = 10.0


def connect(server):
    """A client connected to a stream server (TCP or Unix), with a timeout so no read hangs."""
    client = socket.socket(server.address_family, socket.SOCK_STREAM)
    try:
        client.settimeout(PATIENCE)
        client.connect(server.server_address)  # blocking
    except BaseException:
        client.close()
        raise
    return client


def exchange(server, data, *, shut_write=True):
    """Send data to a TCP server, say we are done, and return all it sends back."""
    with connect(server) as client:
        client.sendall(data)
        if shut_write:
            client.shutdown(socket.SHUT_WR)
        return read_all(client)


def read_all(sock):
    """Read until the peer closes."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def grades_of(out, exercise):
    """{student: (passed, total, status)} from out/grades.csv, where exercise was graded alone."""
    with open(Path(out) / "grades.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert all(row["exercise"] == exercise for row in rows)
    return {row["student"]: (int(row["passed"]), int(row["total"]), row["status"]) for row in rows}


# --- leak detection ----------------------------------------------------------------------

def open_descriptors(kind):
    """The descriptors of this process of one kind: "socket", "pipe", ..."""
    found = set()
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith(f"{kind}:"):
                found.add(int(name))
        except OSError:
            pass  # closed while we looked (the listdir's own descriptor, say)
    return found


def open_sockets():
    """The descriptors of this process that are sockets."""
    return open_descriptors("socket")


def child_processes():
    """PIDs of this process's children, running or zombie."""
    pid = os.getpid()
    children = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                children.update(int(p) for p in f.read().split())
        except OSError:
            pass  # the thread ended while we looked
    return children
