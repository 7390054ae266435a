"""01_line_echo: serve_one_client answers whole lines however recv() cuts the bytes, and bounds them."""

import contextlib
import socket
import threading

import pytest

from tests.exercises.conftest import ANSWER_WITHIN
from tests.exercises.helpers import WatchedSocket

EXERCISE = "01_line_echo"


class Client:
    """The test's side: send pieces one recv() apart, read the replies."""

    def __init__(self, sock, watched):
        self.sock = sock
        self.watched = watched
        self.total_sent = 0
        self.replies = sock.makefile("rb")

    def send(self, *pieces):
        """Send each piece, waiting until the server has read it before the next."""
        for piece in pieces:
            self.sock.sendall(piece)
            self.total_sent += len(piece)
            self.watched.wait_until_read(self.total_sent)

    def reply(self):
        """The next reply line; b"" if the server closed the connection."""
        try:
            return self.replies.readline()  # blocking, at most ANSWER_WITHIN
        except TimeoutError:
            pytest.fail(f"no reply within {ANSWER_WITHIN} s: does the server answer each line "
                        f"as soon as its b'\\n' arrives?", pytrace=False)

    def close_and_read_the_rest(self):
        """Say we are done sending, then return all the server still sends until it closes."""
        self.sock.shutdown(socket.SHUT_WR)
        return self.rest("does serve_one_client return when recv() gives b''?")

    def rest(self, hint="a too-long line should end it at once"):
        """Everything the server sends until it ends the connection."""
        try:
            return self.replies.read()  # blocking, at most ANSWER_WITHIN per recv
        except TimeoutError:
            pytest.fail(f"the server did not end the connection within {ANSWER_WITHIN} s: {hint}",
                        pytrace=False)


@contextlib.contextmanager
def shouting_server(exercise, max_line=None, most_per_recv=None):
    """Accept one client, run serve_one_client on it in a thread; yield a Client."""
    options = {} if max_line is None else {"max_line": max_line}
    errors = []
    with contextlib.ExitStack() as stack:
        listener = stack.enter_context(socket.create_server(("127.0.0.1", 0)))
        sock = stack.enter_context(
            socket.create_connection(listener.getsockname(), timeout=ANSWER_WITHIN))
        connection = stack.enter_context(listener.accept()[0])
        connection.settimeout(ANSWER_WITHIN)  # a server that waits forever fails instead
        watched = WatchedSocket(connection, most_per_recv)

        def serve():
            try:
                exercise.serve_one_client(watched, **options)
            except Exception as error:  # reported to the student below
                errors.append(error)
            finally:
                with watched.changed:
                    watched.finished = True
                    watched.changed.notify_all()
                with contextlib.suppress(OSError):  # as the caller's close would: the client sees the end
                    connection.shutdown(socket.SHUT_RDWR)

        # daemon: a student's endless loop must not keep the test run alive.
        thread = threading.Thread(target=serve, name="serve_one_client", daemon=True)
        thread.start()
        client = Client(sock, watched)
        stack.callback(client.replies.close)
        try:
            yield client
        except BaseException as failure:
            if errors:
                failure.add_note(f"serve_one_client raised {type(errors[0]).__name__}: {errors[0]}")
            raise
        finally:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_WR)  # the end of the input, so the server can return
            thread.join(ANSWER_WITHIN)  # blocking
        if thread.is_alive():
            pytest.fail("serve_one_client did not return after the client closed", pytrace=False)
        if errors:
            error = errors[0]
            pytest.fail(f"serve_one_client raised {type(error).__name__}: {error}", pytrace=False)


def test_each_line_is_answered_as_soon_as_it_is_complete(exercise):
    with shouting_server(exercise) as client:
        client.send(b"hello\n")
        assert client.reply() == b"HELLO!\n", "the first line should get its reply at once"
        client.send(b"again\n")
        assert client.reply() == b"AGAIN!\n"
        assert client.close_and_read_the_rest() == b""


def test_a_line_split_in_the_middle_gets_one_reply(exercise):
    with shouting_server(exercise) as client:
        client.send(b"he", b"llo wo", b"rld\n")
        assert client.close_and_read_the_rest() == b"HELLO WORLD!\n", \
            "three recv() calls made one line: it should get one reply"


def test_several_lines_in_one_send_get_a_reply_each(exercise):
    with shouting_server(exercise) as client:
        client.send(b"one\ntwo\nthree\n")
        assert client.close_and_read_the_rest() == b"ONE!\nTWO!\nTHREE!\n", \
            "one recv() can hold several lines: answer every one of them"


def test_a_line_and_a_half_keeps_the_half_for_later(exercise):
    with shouting_server(exercise) as client:
        client.send(b"first\nsec", b"ond\nthi", b"rd\n")
        assert client.close_and_read_the_rest() == b"FIRST!\nSECOND!\nTHIRD!\n", \
            "the bytes after a b'\\n' are the start of the next line: keep them"


def test_lines_that_arrive_one_byte_at_a_time(exercise):
    with shouting_server(exercise, most_per_recv=1) as client:
        client.send(b"ab\ncd\n\nlast\n")
        assert client.close_and_read_the_rest() == b"AB!\nCD!\n!\nLAST!\n", \
            "every recv() returned one byte here; an empty line gets b'!\\n'"


def test_an_unfinished_last_line_gets_no_reply(exercise):
    with shouting_server(exercise) as client:
        client.send(b"done\nnot fin")
        assert client.close_and_read_the_rest() == b"DONE!\n", \
            "a line without its b'\\n' is not complete: no reply when the client closes"


def test_a_line_exactly_at_the_limit_is_served(exercise):
    with shouting_server(exercise, max_line=8) as client:
        client.send(b"12345678\n", b"abcdefgh\n")
        assert client.close_and_read_the_rest() == b"12345678!\nABCDEFGH!\n", \
            "max_line=8 allows 8 bytes before the b'\\n' (the b'\\n' is not counted)"


def test_a_too_long_line_is_refused_without_waiting_for_its_newline(exercise):
    with shouting_server(exercise, max_line=8) as client:
        client.send(b"ok\n123456789")  # 9 bytes and no b"\n": already too long
        assert client.rest() == b"OK!\nERROR: line too long\n", \
            "answer TOO_LONG and end as soon as the line passes max_line, not when it ends"


def test_a_too_long_line_that_arrives_whole_is_refused_and_ends_the_connection(exercise):
    with shouting_server(exercise, max_line=8) as client:
        client.send(b"short\n123456789\nnever answered\n")
        assert client.rest() == b"SHORT!\nERROR: line too long\n", \
            "after TOO_LONG the server should return (ending the connection) and answer nothing more"


def test_a_long_line_trickling_in_byte_by_byte_is_refused(exercise):
    with shouting_server(exercise, max_line=8, most_per_recv=1) as client:
        client.send(b"x" * 20)
        assert client.rest() == b"ERROR: line too long\n", \
            "count the whole unfinished line in the buffer, not just the last recv()"
