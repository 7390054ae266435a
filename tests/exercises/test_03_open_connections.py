"""03_open_connections: setup() and finish() keep an exact count of open connections."""

import queue
import socket
import struct
import sys
import threading

import pytest

from course_tools.notebook import running
from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "03_open_connections"

# How long a test watches for something that should NOT happen.
QUIET_WINDOW = 0.3


def quiet_server(exercise, handler_class):
    """The exercise's server, reporting handler news and errors in one queue, in order.

    Handlers put ("inside", ...) into server.news; handle_error puts ("error", exception).
    Keeping the exception keeps its traceback, and so the handler, alive, as a server
    that logs its errors would: then nothing but finish() flushes the handler's wfile.
    """
    class Server(exercise.CountingServer):
        def __init__(self):
            self.news = queue.Queue()  # filled from handler threads
            super().__init__(("127.0.0.1", 0), handler_class)

        def handle_error(self, request, client_address):
            self.news.put(("error", sys.exc_info()[1]))

    return running(Server())


def next_news(server, expected="inside"):
    """The next item of server.news; fail at once if it is an error the test did not expect."""
    try:
        kind, value = server.news.get(timeout=ANSWER_WITHIN)
    except queue.Empty:
        pytest.fail(f"no handler got as far as {expected!r} within {ANSWER_WITHIN} s",
                    pytrace=False)
    if kind != expected:
        pytest.fail(f"the handler raised {value!r}: look at setup() and finish()",
                    pytrace=False)
    return value


def connect(server):
    return socket.create_connection(server.server_address, timeout=ANSWER_WITHIN)


def read_until_closed(client):
    chunks = []
    while chunk := client.recv(4096):  # blocking, at most ANSWER_WITHIN seconds each
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_subclass_can_read_rfile_and_write_wfile(exercise):
    class Echo(exercise.CountingHandler):
        def handle(self):
            self.wfile.write(self.rfile.readline())

    with quiet_server(exercise, Echo) as server, connect(server) as client:
        client.sendall(b"hello\n")
        assert read_until_closed(client) == b"hello\n", (
            "call super().setup() (it makes rfile and wfile) and super().finish() "
            "(it sends what wfile holds)")


def test_two_connections_count_as_two_while_both_are_open(exercise):
    release = threading.Event()

    class Waiting(exercise.CountingHandler):
        def handle(self):
            self.server.news.put(("inside", None))
            release.wait(ANSWER_WITHIN)  # blocking: hold the connection open

    with quiet_server(exercise, Waiting) as server:
        try:
            with connect(server), connect(server):
                next_news(server)
                next_news(server)
                assert server.open_connections == 2, (
                    "two handlers are inside handle(): open_connections should be 2")
        finally:
            release.set()
    # running() has joined every handler thread: all connections are over.
    assert server.open_connections == 0, "every connection ended: open_connections should be 0"
    assert server.most_open == 2, "most_open should remember the peak of 2"


def test_the_count_drops_when_handle_raises(exercise):
    class Crashing(exercise.CountingHandler):
        def handle(self):
            self.server.news.put(("inside", None))
            raise ValueError("the handler crashed")

    with quiet_server(exercise, Crashing) as server:
        for _ in range(3):
            with connect(server) as client:
                next_news(server)
                read_until_closed(client)
                assert isinstance(next_news(server, "error"), ValueError)
    assert server.open_connections == 0, (
        "finish() runs even when handle() raised: take the connection off the count there")
    assert server.most_open == 1


def test_what_handle_wrote_before_raising_still_reaches_the_client(exercise):
    class WritesThenCrashes(exercise.CountingHandler):
        def handle(self):
            self.wfile.write(b"partial answer\n")  # buffered: not sent yet
            raise ValueError("the handler crashed")

    with quiet_server(exercise, WritesThenCrashes) as server, connect(server) as client:
        assert read_until_closed(client) == b"partial answer\n", (
            "StreamRequestHandler.finish() flushes wfile: call super().finish()")


def test_the_count_drops_even_when_finish_cannot_send_to_a_vanished_client(exercise):
    client_gone = threading.Event()

    class AnswersTooLate(exercise.CountingHandler):
        def handle(self):
            self.rfile.readline()
            self.server.news.put(("inside", None))
            client_gone.wait(ANSWER_WITHIN)  # blocking, until the test has reset the connection
            self.wfile.write(b"an answer nobody will read\n")  # buffered until finish()

    with quiet_server(exercise, AnswersTooLate) as server:
        try:
            with connect(server) as client:
                client.sendall(b"question\n")
                next_news(server)
                # Linger on, for 0 seconds: close() resets the connection instead of ending it.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        finally:
            client_gone.set()
    error = next_news(server, "error")
    assert isinstance(error, OSError), (
        "expected StreamRequestHandler.finish() to fail sending to the reset connection")
    assert server.open_connections == 0, (
        "super().finish() raised and the count stayed up: lower it in a `finally:`")


def test_setup_changes_the_count_only_while_holding_the_servers_lock(exercise):
    class Reports(exercise.CountingHandler):
        def handle(self):
            self.server.news.put(("inside", None))

    with quiet_server(exercise, Reports) as server:
        server.lock.acquire()  # while we hold it, no handler may get past its counting
        try:
            client = connect(server)
            try:
                early = server.news.get(timeout=QUIET_WINDOW)  # blocking, at most the window
            except queue.Empty:
                early = None  # nothing while we held the lock: as it should be
        finally:
            server.lock.release()
        with client:
            if early is None:
                next_news(server)
            read_until_closed(client)
    if early is not None and early[0] == "error":
        pytest.fail(f"the handler raised {early[1]!r}: look at setup() and finish()",
                    pytrace=False)
    assert early is None, (
        "handle() ran while the test held server.lock: count inside `with self.server.lock:`")
    assert server.open_connections == 0
