"""03_open_connections: setup() and finish() keep the count of open connections right, whatever happens."""

import socket
import struct

import pytest

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "03_open_connections"
ADDRESS = ("127.0.0.1", 0)

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


def reset_on_close(client):
    """Make client.close() reset the connection (linger on, for 0 seconds) instead of ending it."""
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_a_subclass_can_read_rfile_and_write_wfile(subject):
    with quiet_server(subject, subject.rig.Echo) as server:
        for _ in range(3):
            with connect(server) as client:
                client.sendall(b"hello\n")
                got = read_until_closed(client)
                if got != b"hello\n":
                    pytest.fail(f"the echo handler sent {got!r}, not b'hello\\n': a subclass's "
                                "handle() could not read rfile or write wfile: they are made "
                                "by StreamRequestHandler's own setup(), and what wfile holds "
                                "is sent by its own finish()", pytrace=False)
            # The server hangs up only after finish(): the count is final now.
            assert server.open_connections == 0, (
                "a connection that ended normally still counts as open")


def test_a_connection_counts_while_its_handler_runs(subject):
    with quiet_server(subject, subject.rig.Waiting) as server, connect(server) as client:
        try:
            seen_by_handle = next_news(server)
            seen_from_outside = server.open_connections
        finally:
            server.release.set()  # the handler may end now
        read_until_closed(client)
        after = server.open_connections
    assert seen_by_handle == 1, (
        f"inside handle(), self.server.open_connections was {seen_by_handle}, not 1: "
        "the connection should count before handle() starts")
    assert seen_from_outside == 1, "while a handler runs, open_connections should be 1"
    assert after == 0, "the handler is done: open_connections should be back to 0"


def test_the_count_drops_when_handle_raises(subject):
    with quiet_server(subject, subject.rig.Crashing) as server:
        for _ in range(3):
            with connect(server) as client:
                assert next_news(server) == 1, "while handle() runs, the connection should count"
                read_until_closed(client)
                error = server.next_news(ANSWER_WITHIN)
                assert error is not None and error[0] == "error" and error[1].is_a(ValueError), (
                    "handle() raised, but the error never reached the server's handle_error(): "
                    "do not hide it")
                assert server.open_connections == 0, (
                    "handle() raised and the connection still counts as open: finish() runs "
                    "even then")


def test_what_handle_wrote_before_raising_still_reaches_the_client(subject):
    with quiet_server(subject, subject.rig.WritesThenCrashes) as server, \
            connect(server) as client:
        got = read_until_closed(client)
        if got != b"partial answer\n":
            pytest.fail(f"the client got {got!r}: handle() wrote an answer into wfile and then "
                        "raised, and the client never got the answer, because nothing sent "
                        "what wfile still held", pytrace=False)


def test_the_count_drops_even_when_the_last_bytes_cannot_reach_a_vanished_client(subject):
    with quiet_server(subject, subject.rig.AnswersTooLate) as server:
        try:
            with connect(server) as client:
                client.sendall(b"question\n")
                next_news(server)
                reset_on_close(client)
        finally:
            server.release.set()  # the handler answers now, to a connection that is gone
        # A second client: the server takes it only once the first handler is done.
        with connect(server) as probe:
            probe.sendall(b"question\n")
            news = server.next_news(ANSWER_WITHIN)
            probe_news = server.next_news(ANSWER_WITHIN) if news and news[0] == "error" else None
            reset_on_close(probe)
    assert news is not None, f"the handler of a vanished client was not done within {ANSWER_WITHIN} s"
    assert news[0] == "error", (
        "sending the last answer to a vanished client failed, but no error reached the "
        "server's handle_error(): do not hide it")
    assert news[1].is_a(OSError), f"expected a connection error, the server got {shown(news[1])}"
    assert probe_news is not None and probe_news[0] == "inside", (
        "after the vanished client, the next client's handler did not run")
    assert probe_news[1] == 1, (
        "sending the last answer to a vanished client failed, and that connection still "
        "counted as open when the next client came")


def test_a_connection_whose_setup_failed_never_counts(subject):
    with quiet_server(subject, subject.rig.BadTimeout) as server:
        with connect(server) as client:
            news = server.next_news(ANSWER_WITHIN)
            read_until_closed(client)
            count = server.open_connections
    assert news is not None and news[0] == "error", (
        "StreamRequestHandler's setup() fails for a bad timeout value; that error should "
        "reach the server's handle_error()")
    assert news[1].is_a(ValueError), f"expected the ValueError of setup(), got {shown(news[1])}"
    assert count == 0, (
        "StreamRequestHandler's setup() failed, so finish() never ran, and the connection "
        "was left counting as open: count it only once setup has succeeded")
