"""03_line_protocol: the student's handler speaks the key-value protocol, seen from real clients."""

import select
import socket

import pytest

from tests.exercises.helpers import QUIET_WINDOW, LineClient

EXERCISE = "03_line_protocol"
ADDRESS = ("127.0.0.1", 0)


def key_value_server(subject):
    """A new KeyValueServer with the student's handler, or a failure that says what is missing."""
    try:
        subject.exercise.KeyValueHandler
    except AttributeError:
        pytest.fail("there is no class KeyValueHandler in your file yet: write it "
                    "(see the TODO and the protocol in the file's docstring)", pytrace=False)
    return subject.exercise.KeyValueServer(ADDRESS)


@pytest.fixture
def server(subject):
    """The student's KeyValueServer, with its own handler, serving in the student's process."""
    with subject.running(key_value_server(subject)) as server:
        yield server


class Client(LineClient):
    """One connection to the server: send command lines, read reply lines as text."""

    def reply(self):
        """The next reply line as text, without its newline."""
        return self.reply_line()[:-1].decode("utf-8")

    def ask(self, command):
        """Send one command line (str) and return the reply line."""
        self.send(command.encode("utf-8") + b"\n")
        return self.reply()

    def sends_something_within(self, seconds):
        """True when a reply (or the end of the connection) arrives within seconds."""
        readable, _, _ = select.select([self.sock], [], [], seconds)  # blocking
        return bool(self.unread or readable)


def test_set_then_get_returns_the_value(server):
    with Client(server) as client:
        assert client.ask("SET colour blue") == "OK"
        assert client.ask("GET colour") == "VALUE blue"


def test_get_of_a_missing_key_says_not_found(server):
    with Client(server) as client:
        assert client.ask("GET nothing") == "NOT FOUND"


def test_del_forgets_a_key_and_a_second_del_says_not_found(server):
    with Client(server) as client:
        assert client.ask("SET colour blue") == "OK"
        assert client.ask("DEL colour") == "OK"
        assert client.ask("GET colour") == "NOT FOUND"
        assert client.ask("DEL colour") == "NOT FOUND"


def test_commands_sent_all_at_once_get_one_reply_each_in_order(server):
    with Client(server) as client:
        client.send(b"SET a 1\nSET b 2\nGET a\nGET b\nDEL a\n")  # one send, five commands
        replies = [client.reply() for _ in range(5)]
        assert replies == ["OK", "OK", "VALUE 1", "VALUE 2", "OK"], (
            "one recv() is not one command: read line by line")


def test_a_command_split_across_two_sends_is_one_command(server):
    with Client(server) as client:
        client.send(b"SET colour bl")
        assert not client.sends_something_within(QUIET_WINDOW), (
            "the server answered half a line: wait for the newline")
        client.send(b"ue\n")
        assert client.reply() == "OK"
        assert client.ask("GET colour") == "VALUE blue"


def test_a_value_keeps_its_spaces_and_its_non_ascii_letters(server):
    with Client(server) as client:
        assert client.ask("SET city São Paulo, Brasil") == "OK"
        assert client.ask("GET city") == "VALUE São Paulo, Brasil", (
            "the value is the whole rest of the line, decoded and encoded as UTF-8")


def test_a_value_keeps_the_spaces_at_its_start_and_end(server):
    with Client(server) as client:
        assert client.ask("SET padded   three spaces before, two after  ") == "OK"
        assert client.ask("GET padded") == "VALUE   three spaces before, two after  ", (
            "the value is everything after the space that follows the key: remove the line "
            "ending only, not the spaces around the value")


def test_what_one_client_sets_the_next_client_gets(server):
    with Client(server) as first:
        assert first.ask("SET shared yes") == "OK"
    with Client(server) as second:
        assert second.ask("GET shared") == "VALUE yes", (
            "keep the store on the server (self.server.store), not on the handler")


def test_lines_ending_in_crlf_are_accepted(server):
    with Client(server) as client:
        client.send(b"SET a 1\r\n")
        assert client.reply() == "OK"
        client.send(b"GET a\r\n")
        assert client.reply() == "VALUE 1", "strip the \\r of a \\r\\n line ending too"


def test_each_server_has_a_store_of_its_own(subject, server):
    with subject.running(key_value_server(subject)) as other_server:
        with Client(server) as client:
            assert client.ask("SET mine 1") == "OK"
        with Client(other_server) as client:
            assert client.ask("GET mine") == "NOT FOUND", (
                "a key set on one server showed up on another: keep the store on the server "
                "object (self.server.store), not in a global or a class attribute")


@pytest.mark.parametrize("bad", ["FROB x", "", "SET onlykey", "GET", "GET a b", "DEL"])
def test_a_bad_command_gets_an_error_and_the_connection_stays_usable(server, bad):
    with Client(server) as client:
        assert client.ask(bad).startswith("ERROR "), f"{bad!r} should get 'ERROR <reason>'"
        assert client.ask("SET a 1") == "OK", "after an error the next command must work"


def test_a_line_that_is_not_utf8_gets_an_error_and_the_connection_stays_usable(server):
    with Client(server) as client:
        client.send(b"SET k caf\xe9\n")  # Latin-1, not UTF-8
        assert client.reply().startswith("ERROR "), "bytes that are not UTF-8 need an ERROR reply"
        assert client.ask("GET k") == "NOT FOUND"
        assert client.ask("SET k café") == "OK"


def test_an_over_long_line_gets_an_error_then_the_connection_closes(subject, server):
    with Client(server) as client:
        client.send(b"SET big " + b"x" * (20 * subject.exercise.MAX_LINE) + b"\n")
        assert client.reply().startswith("ERROR "), "a line over MAX_LINE bytes needs an ERROR"
        assert client.is_closed_by_server(), "after an over-long line, close the connection"
    with Client(server) as other:
        assert other.ask("GET big") == "NOT FOUND", "an over-long line must not be executed"


def test_an_over_long_line_is_refused_before_its_newline_arrives(subject, server):
    with Client(server) as client:
        client.send(b"x" * (subject.exercise.MAX_LINE + 1))  # no newline, the line stays open
        assert client.reply().startswith("ERROR "), (
            "no reply to a line that grew past MAX_LINE bytes: read lines with a limit, and "
            "answer as soon as the limit is passed, not when the newline finally comes")


def test_quit_says_bye_and_the_server_closes(server):
    with Client(server) as client:
        assert client.ask("QUIT") == "BYE"
        assert client.is_closed_by_server(), "after BYE the server should close the connection"


def test_a_line_cut_short_by_the_client_closing_is_ignored(server):
    with Client(server) as client:
        client.send(b"SET half 1")  # no newline
        client.sock.shutdown(socket.SHUT_WR)
        assert client.is_closed_by_server(), "no reply to half a line: just close"
    with Client(server) as other:
        assert other.ask("GET half") == "NOT FOUND", "a line without its newline is no command"
