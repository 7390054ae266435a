"""04_unix_cleanup: remove a stale socket file before binding, never anything else; remove our own on close."""

import os
import socket

import pytest

import socketserver_edu
from tests.exercises.conftest import ANSWER_WITHIN
from tests.support import running

EXERCISE = "04_unix_cleanup"


class EchoLine(socketserver_edu.StreamRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.readline())


def ask(path, line, server=None):
    """Send one line to the Unix stream server at path and read the reply.

    With server given, handle one request on it here; otherwise it must be serving already.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(ANSWER_WITHIN)
        client.connect(path)
        client.sendall(line)
        if server is not None:
            server.handle_request()
        with client.makefile("rb") as reader:
            return reader.readline()


def leave_stale_socket(path):
    """Leave a socket file at path that nobody listens on, as a crashed earlier run would."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as old:
        old.bind(path)  # closing does not remove the file


def identity(path):
    info = os.lstat(path)
    return info.st_dev, info.st_ino


def test_the_server_works_and_server_close_removes_its_file(exercise, unix_address):
    with exercise.CleanUnixStreamServer(unix_address, EchoLine) as server:
        assert ask(unix_address, b"hello\n", server) == b"hello\n"
        assert os.path.exists(unix_address)
    assert not os.path.exists(unix_address), "server_close() should remove the socket file"


def test_a_stale_socket_file_is_removed_and_the_server_works(exercise, unix_address):
    leave_stale_socket(unix_address)
    try:
        with exercise.CleanUnixStreamServer(unix_address, EchoLine) as server:
            assert ask(unix_address, b"after a crash\n", server) == b"after a crash\n"
        assert not os.path.exists(unix_address), "server_close() should remove the socket file"
    finally:
        if os.path.exists(unix_address):
            os.remove(unix_address)  # the stale file, when the server failed to start


def test_a_regular_file_at_the_path_is_kept_and_an_error_is_raised(exercise, unix_address):
    with open(unix_address, "wb") as precious:
        precious.write(b"somebody's data")
    try:
        with pytest.raises(FileExistsError):
            exercise.CleanUnixStreamServer(unix_address, EchoLine)
        assert os.path.exists(unix_address), (
            "a regular file at the path was deleted: only a socket file may be removed "
            "(check remove_stale_socket, and that server_close removes only the file bind() made)")
        with open(unix_address, "rb") as precious:
            assert precious.read() == b"somebody's data"
    finally:
        if os.path.exists(unix_address):
            os.remove(unix_address)


def test_the_socket_of_a_running_server_is_kept_and_an_error_is_raised(exercise, unix_address):
    live = socketserver_edu.UnixStreamServer(unix_address, EchoLine)
    try:
        before = identity(unix_address)
        with running(live):
            with pytest.raises(OSError):
                exercise.CleanUnixStreamServer(unix_address, EchoLine)
            assert os.path.exists(unix_address) and identity(unix_address) == before, (
                "the socket file of a server that is still listening was removed: "
                "connect() to it first, and remove it only when the connection is refused")
            assert ask(unix_address, b"still mine?\n") == b"still mine?\n"
    finally:
        if os.path.exists(unix_address):
            os.remove(unix_address)


def test_closing_twice_is_safe(exercise, unix_address):
    server = exercise.CleanUnixStreamServer(unix_address, EchoLine)
    server.server_close()
    server.server_close()
    assert not os.path.exists(unix_address)


def test_server_close_is_fine_when_the_file_is_gone_already(exercise, unix_address):
    with exercise.CleanUnixStreamServer(unix_address, EchoLine):
        os.remove(unix_address)
    assert not os.path.exists(unix_address)


def test_server_close_keeps_a_file_that_is_no_longer_its_own(exercise, unix_address):
    server = exercise.CleanUnixStreamServer(unix_address, EchoLine)
    try:
        # Someone removed our file and started another server at the same path.
        os.remove(unix_address)
        with socketserver_edu.UnixStreamServer(unix_address, EchoLine) as newcomer:
            server.server_close()
            assert os.path.exists(unix_address), (
                "server_close() removed another server's socket file: compare (st_dev, st_ino) "
                "with the ones saved in server_bind before removing")
            assert ask(unix_address, b"newcomer\n", newcomer) == b"newcomer\n"
    finally:
        server.server_close()
        if os.path.exists(unix_address):
            os.remove(unix_address)
