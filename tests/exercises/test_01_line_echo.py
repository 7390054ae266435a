"""01_line_echo: serve_one_client answers whole lines however recv() cuts the bytes, and bounds them."""

import contextlib
import socket

import pytest

from course_tools.harness import RemoteExit
from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "01_line_echo"
# How long the rig's waits last (a recv() on the student's side, the wait for bytes to be
# read): longer than our client's ANSWER_WITHIN, so when both would give up, ours does first
# and the same code gets the same message every run.
PATIENCE = 4.0


class Client:
    """The test's side: send pieces one recv() apart, read the replies."""

    def __init__(self, subject, sock, watch):
        self.subject = subject
        self.sock = sock
        self.watch = watch  # the server's end, in the subject
        self.total_sent = 0
        self.unread = b""  # received, not yet returned

    def send(self, *pieces):
        """Send each piece, waiting until the server has read it before the next."""
        for piece in pieces:
            # A server that has already ended the connection refuses the rest (a reset, or a
            # broken pipe, depending on timing): what it did answer shows in the replies.
            with contextlib.suppress(ConnectionError):
                self.sock.sendall(piece)
            self.total_sent += len(piece)
            self.subject.call_within(PATIENCE + 1, self.watch.wait_until_read,
                                     self.total_sent, PATIENCE)

    def reply(self):
        """The next reply line; b"" if the server closed the connection."""
        hint = "does the server answer each line as soon as its b'\\n' arrives?"
        while b"\n" not in self.unread:
            chunk = self.receive(f"no reply within {ANSWER_WITHIN} s: {hint}")
            if not chunk:
                break
            self.unread += chunk
        line, newline, self.unread = self.unread.partition(b"\n")
        return line + newline

    def close_and_read_the_rest(self):
        """Say we are done sending, then return all the server still sends until it closes."""
        with contextlib.suppress(OSError):  # the server may have ended the connection already
            self.sock.shutdown(socket.SHUT_WR)
        return self.rest("does serve_one_client return when recv() gives b''?")

    def rest(self, hint="a too-long line should end it at once"):
        """Everything the server sends until it ends the connection."""
        message = f"the server did not end the connection within {ANSWER_WITHIN} s: {hint}"
        while chunk := self.receive(message):
            self.unread += chunk
        rest, self.unread = self.unread, b""
        return rest

    def receive(self, message_if_silent):
        """The next bytes from the server; b"" once it has ended the connection."""
        try:
            return self.sock.recv(65536)  # blocking, at most ANSWER_WITHIN
        except ConnectionResetError:
            return b""  # it ended the connection with our last bytes unread: an end too
        except TimeoutError:
            pytest.fail(message_if_silent, pytrace=False)


def raised(started):
    """What a call started in the subject raised, as "Type: message (where)"; else None."""
    if not started.done:
        return None
    try:
        started.result(0)
    except RemoteExit as exit:
        return f"SystemExit: {exit.code}"
    except Exception as error:  # the student's exception, rebuilt here as a built-in one
        data, place = getattr(error, "remote", None), getattr(error, "place", None)
        where = f" (in {place[0]}, line {place[1]} of your file)" if place else ""
        return f"{data or f'{type(error).__name__}: {error}'}{where}"
    return None


def end_input(sock, serving):
    """Tell the server we are done sending; give serve_one_client ANSWER_WITHIN to return."""
    with contextlib.suppress(OSError):  # already ended by the server
        sock.shutdown(socket.SHUT_WR)  # the end of the input, so the server can return
    serving.join(ANSWER_WITHIN)  # blocking


@contextlib.contextmanager
def shouting_server(subject, max_line=None, most_per_recv=None):
    """Connect one client, run serve_one_client on its connection in the subject; yield a Client."""
    options = {} if max_line is None else {"max_line": max_line}
    with contextlib.ExitStack() as stack:
        listener = stack.enter_context(socket.create_server(("127.0.0.1", 0)))
        listener.settimeout(ANSWER_WITHIN)
        # The server's end of the connection is made in the subject, where the student's code
        # reads it; ours is accepted here. (A server that waits forever fails: its recv() there
        # has a timeout of PATIENCE.)
        watch = stack.enter_context(subject.rig.Watch(listener.getsockname(), most_per_recv,
                                                      PATIENCE))
        sock = stack.enter_context(listener.accept()[0])
        sock.settimeout(ANSWER_WITHIN)
        serving = subject.start(subject.rig.serve, watch, subject.exercise.serve_one_client,
                                thread="serve_one_client", **options)
        try:
            yield Client(subject, sock, watch)
        except BaseException as failure:
            end_input(sock, serving)  # first, so that what it raised has come back
            if error := raised(serving):
                failure.add_note(f"serve_one_client raised {error}")
            raise
        end_input(sock, serving)
        if not serving.done:
            pytest.fail("serve_one_client did not return after the client closed", pytrace=False)
        if error := raised(serving):
            pytest.fail(f"serve_one_client raised {error}", pytrace=False)


def test_each_line_is_answered_as_soon_as_it_is_complete(subject):
    with shouting_server(subject) as client:
        client.send(b"hello\n")
        assert client.reply() == b"HELLO!\n", "the first line should get its reply at once"
        client.send(b"again\n")
        assert client.reply() == b"AGAIN!\n"
        assert client.close_and_read_the_rest() == b""


def test_a_line_split_in_the_middle_gets_one_reply(subject):
    with shouting_server(subject) as client:
        client.send(b"he", b"llo wo", b"rld\n")
        assert client.close_and_read_the_rest() == b"HELLO WORLD!\n", \
            "three recv() calls made one line: it should get one reply"


def test_several_lines_in_one_send_get_a_reply_each(subject):
    with shouting_server(subject) as client:
        client.send(b"one\ntwo\nthree\n")
        assert client.close_and_read_the_rest() == b"ONE!\nTWO!\nTHREE!\n", \
            "one recv() can hold several lines: answer every one of them"


def test_a_line_and_a_half_keeps_the_half_for_later(subject):
    with shouting_server(subject) as client:
        client.send(b"first\nsec", b"ond\nthi", b"rd\n")
        assert client.close_and_read_the_rest() == b"FIRST!\nSECOND!\nTHIRD!\n", \
            "the bytes after a b'\\n' are the start of the next line: keep them"


def test_lines_that_arrive_one_byte_at_a_time(subject):
    with shouting_server(subject, most_per_recv=1) as client:
        client.send(b"ab\ncd\n\nlast\n")
        assert client.close_and_read_the_rest() == b"AB!\nCD!\n!\nLAST!\n", \
            "every recv() returned one byte here; an empty line gets b'!\\n'"


def test_an_unfinished_last_line_gets_no_reply(subject):
    with shouting_server(subject) as client:
        client.send(b"done\nnot fin")
        assert client.close_and_read_the_rest() == b"DONE!\n", \
            "a line without its b'\\n' is not complete: no reply when the client closes"


def test_a_too_long_line_is_refused_without_waiting_for_its_newline(subject):
    with shouting_server(subject, max_line=8) as client:
        client.send(b"ok\n123456789")  # 9 bytes and no b"\n": already too long
        assert client.rest() == b"OK!\nERROR: line too long\n", \
            "answer TOO_LONG and end as soon as the line passes max_line, not when it ends"


def test_a_too_long_line_that_arrives_whole_is_refused_and_ends_the_connection(subject):
    with shouting_server(subject, max_line=8) as client:
        client.send(b"short\n123456789\nnever answered\n")
        assert client.rest() == b"SHORT!\nERROR: line too long\n", \
            "after TOO_LONG the server should return (ending the connection) and answer nothing more"


def test_a_long_line_trickling_in_byte_by_byte_is_refused(subject):
    # Before the test of a line exactly at the limit: a limit measured on the newest recv()
    # result fails both, and this one names that mistake.
    why = ("a too-long line that arrives in pieces never got TOO_LONG (20 bytes, 1 byte per "
           "recv(), max_line=8): measure the whole unfinished line in the buffer, not the newest "
           "recv() result")
    with shouting_server(subject, max_line=8, most_per_recv=1) as client:
        client.send(b"x" * 20)
        assert client.rest(hint=why) == b"ERROR: line too long\n", why


def test_a_line_exactly_at_the_limit_is_served(subject):
    with shouting_server(subject, max_line=8) as client:
        client.send(b"12345678\n", b"abcdefgh\n")
        assert client.close_and_read_the_rest() == b"12345678!\nABCDEFGH!\n", \
            "max_line=8 allows 8 bytes before the b'\\n' (the b'\\n' is not counted)"
