"""03_port_py2: the Python 3 shout server keeps its contract, where the Python 2 one did not."""

import socket
import pytest

from course_tools.harness import RemoteExit
from tests.exercises.helpers import QUIET_WINDOW, LineClient, expect, expect_true

EXERCISE = "03_port_py2"
ADDRESS = ("127.0.0.1", 0)

# The handler timeout in the tests about silent clients.
SHORT_TIMEOUT = 0.2


def recording_server(subject, handler_class=None):
    """A TCPServer for the exercise's handler that keeps handler errors in .errors."""
    server = subject.rig.RecordingServer(ADDRESS, handler_class or subject.exercise.ShoutHandler)
    return subject.running(server)


def expect_no_errors(server, message):
    """Fail with message (and the first error) when a handler raised."""
    if server.errors:
        pytest.fail(f"{message}; the handler raised {server.errors[0]}", pytrace=False)


class Client(LineClient):
    """One connection: send bytes, read reply lines (bytes, newline kept)."""

    def reply(self):
        return self.reply_line()

    def gets_nothing_within(self, seconds):
        """True when no byte (and no hang-up) arrives within seconds."""
        self.sock.settimeout(seconds)
        try:
            self.unread += self.sock.recv(4096)  # blocking, at most seconds
            return False
        except TimeoutError:
            return True


def test_a_line_comes_back_in_capitals_with_a_newline(subject):
    with recording_server(subject) as server, Client(server) as client:
        client.send(b"hello\n")
        expect(client.reply(), b"HELLO\n", "the answer to hello")


def test_whitespace_around_the_text_is_stripped(subject):
    with recording_server(subject) as server, Client(server) as client:
        client.send(b"   hello there \t\r\n")
        expect(client.reply(), b"HELLO THERE\n",
               "the answer to '   hello there ' (strip the whitespace around the text)")


def test_several_lines_on_one_connection_are_each_answered(subject):
    with recording_server(subject) as server, Client(server) as client:
        for word in (b"one", b"two", b"three"):
            client.send(word + b"\n")
            expect(client.reply(), word.upper() + b"\n",
                   f"the answer to {word.decode()} (answer every line, not just the first)")


def test_two_lines_in_one_send_get_two_answers(subject):
    with recording_server(subject) as server, Client(server) as client:
        client.send(b"one\ntwo\n")  # one send, two lines: one recv() may return both
        expect([client.reply(), client.reply()], [b"ONE\n", b"TWO\n"],
               "two lines in one send (one recv() is not one line: read line by line "
               "from self.rfile)")


def test_a_line_split_across_two_sends_is_answered_once_whole(subject):
    with recording_server(subject) as server, Client(server) as client:
        client.send(b"hel")
        expect_true(client.gets_nothing_within(QUIET_WINDOW),
                    "the server answered half a line: wait for the newline")
        client.send(b"lo\n")
        expect(client.reply(), b"HELLO\n", "the answer to hello, sent in two pieces")


def test_letters_beyond_ascii_are_upper_cased_too(subject):
    with recording_server(subject) as server, Client(server) as client:
        client.send("straße, été\n".encode("utf-8"))
        expect(client.reply(), "STRASSE, ÉTÉ\n".encode("utf-8"),
               "the answer to straße, été (bytes.upper() knows only ASCII: decode to str, "
               "upper-case, encode)")


def test_bytes_that_are_not_utf8_become_replacement_characters(subject):
    with recording_server(subject) as server, Client(server) as client:
        client.send(b"caf\xe9\n")  # Latin-1, not UTF-8
        expect(client.reply(), "CAF\N{REPLACEMENT CHARACTER}\n".encode("utf-8"),
               "the answer to caf and the Latin-1 byte 0xE9 (bytes that are not UTF-8 "
               "become U+FFFD)")
        client.send(b"still here\n")
        expect(client.reply(), b"STILL HERE\n", "the answer to the line after the bad one")
    expect_no_errors(server, "bad UTF-8 should not make the handler raise")


def test_a_last_line_without_newline_is_answered_then_the_handler_ends(subject):
    with recording_server(subject) as server, Client(server) as client:
        client.send(b"bye")
        client.sock.shutdown(socket.SHUT_WR)  # "I am done sending"
        expect(client.reply(), b"BYE\n",
               "the answer to a last line 'bye' that has no newline because the client closed")
        expect_true(client.is_closed_by_server(),
                    "after the client closes, the handler should end")
    expect_no_errors(server, "a client that closes is no error")


def test_a_client_that_closes_without_a_word_causes_no_error(subject):
    with recording_server(subject) as server:
        with Client(server) as client:
            client.sock.shutdown(socket.SHUT_WR)
            expect_true(client.is_closed_by_server(),
                        "nothing to answer: the handler should end")
    expect_no_errors(server, "a client that closes is no error")


def test_a_silent_client_is_disconnected_quietly_after_the_timeout(subject):
    quick_to_hang_up = subject.rig.with_timeout(subject.exercise.ShoutHandler, SHORT_TIMEOUT)
    with recording_server(subject, quick_to_hang_up) as server:
        with Client(server) as client:
            expect_true(client.is_closed_by_server(),
                        "a client silent for `timeout` seconds should be disconnected")
    expect_no_errors(server, "catch TimeoutError in handle(): a silent client is no error")


def test_an_over_long_line_makes_the_server_hang_up_without_a_reply(subject):
    max_line = subject.exercise.MAX_LINE
    with recording_server(subject) as server:
        with Client(server) as client:
            client.send(b"x" * (max_line + 10))  # no newline, connection kept open
            expect_true(client.is_closed_by_server(),
                        "a line grew past MAX_LINE bytes and the server kept waiting for its "
                        "newline: read at most MAX_LINE + 1 bytes of a line, then hang up")
        with Client(server) as client:
            client.send(b"x" * (max_line - 1) + b"\n")  # exactly MAX_LINE bytes: fine
            expect(client.reply(), b"X" * (max_line - 1) + b"\n",
                   "the answer to a line of exactly MAX_LINE bytes (it fits)")
    expect_no_errors(server, "an over-long line should end the handler quietly")


def test_each_line_is_printed_as_host_wrote_text(subject):
    with recording_server(subject) as server, Client(server) as client:
        client.send(b"  hello there  \n")
        client.reply()
    printed = subject.output()[0].splitlines()  # what the student's process printed
    if printed != ["127.0.0.1 wrote: hello there"]:
        pytest.fail("print exactly one line for each line received, as '<client host> wrote: "
                    f"<text>': expected ['127.0.0.1 wrote: hello there'], printed {printed!r}",
                    pytrace=False)


def test_main_exits_with_status_1_and_names_a_port_that_is_taken(subject):
    with socket.create_server(("127.0.0.1", 0)) as squatter:  # already listening there
        port = squatter.getsockname()[1]
        try:
            subject.exercise.main(port)
        except RemoteExit as exit:
            code = exit.code
        else:
            pytest.fail("main() returned: a taken port must end the program (SystemExit)",
                        pytrace=False)
    expect_true(code not in (0, None),
                "a taken port is a failure: the exit status must not be 0")
    out, err = subject.output()
    expect_true(str(port) in f"{code} {out} {err}",
                f"the message should name the port ({port})")
