"""03_open_connections: setup() and finish() keep an exact count of open connections."""

import socket
import struct

import pytest

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "03_open_connections"
ADDRESS = ("127.0.0.1", 0)

# How long a test watches for something that should NOT happen.
QUIET_WINDOW = 0.3


def quiet_server(subject, behaviour):
    """The exercise's server, for a CountingHandler that handles as the rig's behaviour does.

    Both run in the student's process; handler news and errors come in server.news
    (the rig's quiet_server says how), and server.release lets waiting handlers go on.
    """
    exercise = subject.exercise
    handler_class = subject.rig.handler(exercise.CountingHandler, behaviour)
    return subject.running(subject.rig.quiet_server(exercise.CountingServer, ADDRESS,
                                                    handler_class))


def next_news(server, expected="inside"):
    """The next item of server.news; fail at once if it is an error the test did not expect."""
    news = server.next_news(ANSWER_WITHIN)  # blocking, at most ANSWER_WITHIN seconds
    if news is None:
        pytest.fail(f"no handler got as far as {expected!r} within {ANSWER_WITHIN} s",
                    pytrace=False)
    kind, value = news
    if kind != expected:
        pytest.fail(f"the handler raised {shown(value)}: look at setup() and finish()",
                    pytrace=False)
    return value


def shown(error):
    """An exception that came back as data, written as its repr() would be."""
    return f"{error.type}({error.message!r})" if hasattr(error, "types") else repr(error)


def connect(server):
    return socket.create_connection(server.server_address, timeout=ANSWER_WITHIN)


def read_until_closed(client):
    chunks = []
    while chunk := client.recv(4096):  # blocking, at most ANSWER_WITHIN seconds each
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_subclass_can_read_rfile_and_write_wfile(subject):
    with quiet_server(subject, subject.rig.Echo) as server, connect(server) as client:
        client.sendall(b"hello\n")
        assert read_until_closed(client) == b"hello\n", (
            "call super().setup() (it makes rfile and wfile) and super().finish() "
            "(it sends what wfile holds)")


def test_two_connections_count_as_two_while_both_are_open(subject):
    with quiet_server(subject, subject.rig.Waiting) as server:
        try:
            with connect(server), connect(server):
                next_news(server)
                next_news(server)
                assert server.open_connections == 2, (
                    "two handlers are inside handle(): open_connections should be 2")
        finally:
            server.release.set()
    # running() has joined every handler thread: all connections are over.
    assert server.open_connections == 0, "every connection ended: open_connections should be 0"
    assert server.most_open == 2, "most_open should remember the peak of 2"


def test_the_count_drops_when_handle_raises(subject):
    with quiet_server(subject, subject.rig.Crashing) as server:
        for _ in range(3):
            with connect(server) as client:
                next_news(server)
                read_until_closed(client)
                assert next_news(server, "error").is_a(ValueError)
    assert server.open_connections == 0, (
        "finish() runs even when handle() raised: take the connection off the count there")
    assert server.most_open == 1, "one connection at a time: most_open should be 1, the peak"


def test_what_handle_wrote_before_raising_still_reaches_the_client(subject):
    with quiet_server(subject, subject.rig.WritesThenCrashes) as server, \
            connect(server) as client:
        assert read_until_closed(client) == b"partial answer\n", (
            "StreamRequestHandler.finish() flushes wfile: call super().finish()")


def test_the_count_drops_even_when_finish_cannot_send_to_a_vanished_client(subject):
    with quiet_server(subject, subject.rig.AnswersTooLate) as server:
        try:
            with connect(server) as client:
                client.sendall(b"question\n")
                next_news(server)
                # Linger on, for 0 seconds: close() resets the connection instead of ending it.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        finally:
            server.release.set()  # the handler answers now, to a connection that is gone
    error = next_news(server, "error")
    assert error.is_a(OSError), (
        "expected StreamRequestHandler.finish() to fail sending to the reset connection")
    assert server.open_connections == 0, (
        "super().finish() raised and the count stayed up: lower it in a `finally:`")


def test_setup_changes_the_count_only_while_holding_the_servers_lock(subject):
    with quiet_server(subject, subject.rig.Reports) as server:
        server.lock.acquire()  # while we hold it, no handler may get past its counting
        try:
            client = connect(server)
            early = server.next_news(QUIET_WINDOW)  # None: nothing while we held the lock
        finally:
            server.lock.release()
        with client:
            if early is None:
                next_news(server)
            read_until_closed(client)
    if early is not None and early[0] == "error":
        pytest.fail(f"the handler raised {shown(early[1])}: look at setup() and finish()",
                    pytrace=False)
    assert early is None, (
        "handle() ran while the test held server.lock: count inside `with self.server.lock:`")
    assert server.open_connections == 0
