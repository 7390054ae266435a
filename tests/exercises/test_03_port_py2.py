"""03_port_py2: the Python 3 shout server keeps its contract, where the Python 2 one did not."""

import socket
import socketserver
import sys

import pytest

from course_tools.notebook import running
from tests.exercises.helpers import QUIET_WINDOW, LineClient

EXERCISE = "03_port_py2"

# The handler timeout in the tests about silent clients.
SHORT_TIMEOUT = 0.2


@pytest.fixture(autouse=True)
def stdlib_left_as_it_was():
    """Undo any change an exercise file makes to the stdlib's server classes (and report it)."""
    classes = (socketserver.TCPServer, socketserver.ThreadingTCPServer)
    before = [vars(cls).get("allow_reuse_address") for cls in classes]
    yield
    for cls, value in zip(classes, before):
        if vars(cls).get("allow_reuse_address") != value:
            if value is None:
                delattr(cls, "allow_reuse_address")
            else:
                cls.allow_reuse_address = value


def recording_server(exercise, handler_class=None):
    """A threaded server for the exercise's handler that keeps handler errors in .errors."""
    class Server(socketserver.ThreadingTCPServer):
        def __init__(self):
            self.errors = []  # the exceptions handle() raised
            super().__init__(("127.0.0.1", 0), handler_class or exercise.ShoutHandler)

        def handle_error(self, request, client_address):
            super().handle_error(request, client_address)  # the traceback, for the student
            self.errors.append(repr(sys.exc_info()[1]))

    return running(Server())


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


def test_a_line_comes_back_in_capitals_with_a_newline(exercise):
    with recording_server(exercise) as server, Client(server) as client:
        client.send(b"hello\n")
        assert client.reply() == b"HELLO\n"


def test_whitespace_around_the_text_is_stripped(exercise):
    with recording_server(exercise) as server, Client(server) as client:
        client.send(b"   hello there \t\r\n")
        assert client.reply() == b"HELLO THERE\n"


def test_several_lines_on_one_connection_are_each_answered(exercise):
    with recording_server(exercise) as server, Client(server) as client:
        for word in (b"one", b"two", b"three"):
            client.send(word + b"\n")
            assert client.reply() == word.upper() + b"\n", "answer every line, not just the first"


def test_two_lines_in_one_send_get_two_answers(exercise):
    with recording_server(exercise) as server, Client(server) as client:
        client.send(b"one\ntwo\n")  # one send, two lines: one recv() may return both
        assert [client.reply(), client.reply()] == [b"ONE\n", b"TWO\n"], (
            "one recv() is not one line: read line by line from self.rfile")


def test_a_line_split_across_two_sends_is_answered_once_whole(exercise):
    with recording_server(exercise) as server, Client(server) as client:
        client.send(b"hel")
        assert client.gets_nothing_within(QUIET_WINDOW), (
            "the server answered half a line: wait for the newline")
        client.send(b"lo\n")
        assert client.reply() == b"HELLO\n"


def test_letters_beyond_ascii_are_upper_cased_too(exercise):
    with recording_server(exercise) as server, Client(server) as client:
        client.send("straße, été\n".encode("utf-8"))
        assert client.reply() == "STRASSE, ÉTÉ\n".encode("utf-8"), (
            "bytes.upper() knows only ASCII: decode to str, upper-case, encode")


def test_bytes_that_are_not_utf8_become_replacement_characters(exercise):
    with recording_server(exercise) as server, Client(server) as client:
        client.send(b"caf\xe9\n")  # Latin-1, not UTF-8
        assert client.reply() == "CAF\N{REPLACEMENT CHARACTER}\n".encode("utf-8")
        client.send(b"still here\n")
        assert client.reply() == b"STILL HERE\n"
    assert server.errors == [], "bad UTF-8 should not make the handler raise"


def test_a_last_line_without_newline_is_answered_then_the_handler_ends(exercise):
    with recording_server(exercise) as server, Client(server) as client:
        client.send(b"bye")
        client.sock.shutdown(socket.SHUT_WR)  # "I am done sending"
        assert client.reply() == b"BYE\n"
        assert client.is_closed_by_server(), "after the client closes, the handler should end"
    assert server.errors == [], "a client that closes is no error"


def test_a_client_that_closes_without_a_word_causes_no_error(exercise):
    with recording_server(exercise) as server:
        with Client(server) as client:
            client.sock.shutdown(socket.SHUT_WR)
            assert client.is_closed_by_server(), "nothing to answer: the handler should end"
    assert server.errors == [], "a client that closes is no error"


def test_a_silent_client_is_disconnected_quietly_after_the_timeout(exercise):
    class QuickToHangUp(exercise.ShoutHandler):
        timeout = SHORT_TIMEOUT

    with recording_server(exercise, QuickToHangUp) as server:
        with Client(server) as client:
            assert client.is_closed_by_server(), (
                "a client silent for `timeout` seconds should be disconnected")
    assert server.errors == [], "catch TimeoutError in handle(): a silent client is no error"


def test_an_over_long_line_makes_the_server_hang_up_without_a_reply(exercise):
    with recording_server(exercise) as server:
        with Client(server) as client:
            client.send(b"x" * (exercise.MAX_LINE + 10))  # no newline, connection kept open
            assert client.is_closed_by_server(), (
                "stop at MAX_LINE bytes (rfile.readline(limit)) and hang up")
        with Client(server) as client:
            client.send(b"x" * (exercise.MAX_LINE - 1) + b"\n")  # exactly MAX_LINE bytes: fine
            assert client.reply() == b"X" * (exercise.MAX_LINE - 1) + b"\n"
    assert server.errors == [], "an over-long line should end the handler quietly"


def test_each_line_is_printed_as_host_wrote_text(exercise, capsys):
    with recording_server(exercise) as server, Client(server) as client:
        client.send(b"  hello there  \n")
        client.reply()
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["127.0.0.1 wrote: hello there"], (
        "print one line per line received: print(f'{host} wrote: {text}')")


def test_shout_server_serves_shout_handler(exercise):
    with running(exercise.ShoutServer(("127.0.0.1", 0))) as server, Client(server) as client:
        client.send(b"hi\n")
        assert client.reply() == b"HI\n"


def test_a_restarted_server_listens_on_the_same_port_at_once(exercise, monkeypatch):
    # The server hangs up first, so its side of the connection lingers in TIME_WAIT.
    monkeypatch.setattr(exercise.ShoutHandler, "timeout", SHORT_TIMEOUT)
    with running(exercise.ShoutServer(("127.0.0.1", 0))) as server:
        address = server.server_address
        with Client(server) as client:
            assert client.is_closed_by_server()
    try:
        again = exercise.ShoutServer(address)
    except OSError as error:
        pytest.fail(f"restarting on the same port failed ({error}): set allow_reuse_address "
                    "before the socket is bound", pytrace=False)
    with running(again), Client(again) as client:
        client.send(b"back\n")
        assert client.reply() == b"BACK\n"


def test_reuse_is_set_on_shout_server_not_on_the_stdlib_classes(exercise):
    with exercise.ShoutServer(("127.0.0.1", 0)) as server:
        assert server.allow_reuse_address is True
    assert socketserver.TCPServer.allow_reuse_address is False, (
        "do not change socketserver.TCPServer: that changes every server in the program")
    assert "allow_reuse_address" not in vars(socketserver.ThreadingTCPServer), (
        "do not change socketserver.ThreadingTCPServer: subclass it")


def test_main_exits_with_status_1_and_names_a_port_that_is_taken(exercise, capsys):
    with socket.create_server(("127.0.0.1", 0)) as squatter:  # already listening there
        port = squatter.getsockname()[1]
        with pytest.raises(SystemExit) as exit_info:
            exercise.main(port)
    code = exit_info.value.code
    assert code not in (0, None), "a taken port is a failure: the exit status must not be 0"
    captured = capsys.readouterr()
    assert str(port) in f"{code} {captured.out} {captured.err}", "the message should name the port"
