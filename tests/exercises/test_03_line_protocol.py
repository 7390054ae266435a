"""03_line_protocol: the student's handler speaks the key-value protocol, seen from real clients."""

import select
import socket

import pytest

from tests.exercises.helpers import QUIET_WINDOW, LineClient, expect, expect_true

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


def expect_error(reply, what):
    """Fail with what when the reply is not an ERROR line."""
    if not reply.startswith("ERROR "):
        pytest.fail(f"{what}: the reply should be 'ERROR <reason>', it was {reply!r}",
                    pytrace=False)


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
        expect(client.ask("SET colour blue"), "OK", "SET colour blue")
        expect(client.ask("GET colour"), "VALUE blue", "GET colour, after SET colour blue")


def test_get_of_a_missing_key_says_not_found(server):
    with Client(server) as client:
        expect(client.ask("GET nothing"), "NOT FOUND", "GET of a key nobody set")


def test_del_forgets_a_key_and_a_second_del_says_not_found(server):
    with Client(server) as client:
        expect(client.ask("SET colour blue"), "OK", "SET colour blue")
        expect(client.ask("DEL colour"), "OK", "DEL colour, after SET colour blue")
        expect(client.ask("GET colour"), "NOT FOUND", "GET colour, after DEL colour")
        expect(client.ask("DEL colour"), "NOT FOUND", "a second DEL colour")


def test_commands_sent_all_at_once_get_one_reply_each_in_order(server):
    with Client(server) as client:
        client.send(b"SET a 1\nSET b 2\nGET a\nGET b\nDEL a\n")  # one send, five commands
        replies = [client.reply() for _ in range(5)]
        expect(replies, ["OK", "OK", "VALUE 1", "VALUE 2", "OK"],
               "five commands in one send (one recv() is not one command: read line by line)")


def test_a_command_split_across_two_sends_is_one_command(server):
    with Client(server) as client:
        client.send(b"SET colour bl")
        expect_true(not client.sends_something_within(QUIET_WINDOW),
                    "the server answered half a line: wait for the newline")
        client.send(b"ue\n")
        expect(client.reply(), "OK", "SET colour blue, sent in two pieces")
        expect(client.ask("GET colour"), "VALUE blue", "GET colour, after a SET in two pieces")


def test_a_value_keeps_its_spaces_and_its_non_ascii_letters(server):
    with Client(server) as client:
        expect(client.ask("SET city São Paulo, Brasil"), "OK", "SET city São Paulo, Brasil")
        expect(client.ask("GET city"), "VALUE São Paulo, Brasil",
               "GET city (the value is the whole rest of the line, decoded and encoded as UTF-8)")


def test_a_value_keeps_the_spaces_at_its_start_and_end(server):
    with Client(server) as client:
        expect(client.ask("SET padded   three spaces before, two after  "), "OK",
               "SET with spaces at the start and the end of the value")
        expect(client.ask("GET padded"), "VALUE   three spaces before, two after  ",
               "the value is everything after the space that follows the key: remove the line "
               "ending only, not the spaces around the value")


def test_what_one_client_sets_the_next_client_gets(server):
    with Client(server) as first:
        expect(first.ask("SET shared yes"), "OK", "SET shared yes")
    with Client(server) as second:
        expect(second.ask("GET shared"), "VALUE yes",
               "the next client's GET shared (keep the store on the server, "
               "self.server.store, not on the handler)")


def test_lines_ending_in_crlf_are_accepted(server):
    with Client(server) as client:
        client.send(b"SET a 1\r\n")
        expect(client.reply(), "OK", "SET a 1 ending in \\r\\n")
        client.send(b"GET a\r\n")
        expect(client.reply(), "VALUE 1",
               "GET a ending in \\r\\n (remove the \\r of a \\r\\n line ending too)")


def test_each_server_has_a_store_of_its_own(subject, server):
    with subject.running(key_value_server(subject)) as other_server:
        with Client(server) as client:
            expect(client.ask("SET mine 1"), "OK", "SET mine 1")
        with Client(other_server) as client:
            expect(client.ask("GET mine"), "NOT FOUND",
                   "a key set on one server showed up on another: keep the store on the "
                   "server object (self.server.store), not in a global or a class attribute")


@pytest.mark.parametrize("bad", ["FROB x", "", "SET onlykey", "GET", "GET a b", "DEL"])
def test_a_bad_command_gets_an_error_and_the_connection_stays_usable(server, bad):
    with Client(server) as client:
        expect_error(client.ask(bad), f"the command line {bad!r}")
        expect(client.ask("SET a 1"), "OK", "SET a 1 after an error (the connection stays usable)")


@pytest.mark.parametrize("lower", ["get k", "set k v", "Set k v", "quit"])
def test_a_command_word_in_lower_case_is_an_unknown_command(server, lower):
    with Client(server) as client:
        expect(client.ask("SET k v"), "OK", "SET k v")
        expect_error(client.ask(lower), f"{lower!r} (command words are upper case only)")
        expect(client.ask("GET k"), "VALUE v", f"GET k, after {lower!r} (nothing changed)")


def test_a_line_that_is_not_utf8_gets_an_error_and_the_connection_stays_usable(server):
    with Client(server) as client:
        client.send(b"SET k caf\xe9\n")  # Latin-1, not UTF-8
        expect_error(client.reply(), "a line that is not UTF-8")
        expect(client.ask("GET k"), "NOT FOUND", "GET k, after a SET that was not UTF-8")
        expect(client.ask("SET k café"), "OK", "SET k café, after a line that was not UTF-8")


def test_an_over_long_line_gets_an_error_then_the_connection_closes(subject, server):
    with Client(server) as client:
        client.send(b"SET big " + b"x" * (20 * subject.exercise.MAX_LINE) + b"\n")
        expect_error(client.reply(), "a line over MAX_LINE bytes")
        expect_true(client.is_closed_by_server(),
                    "after an over-long line, close the connection")
    with Client(server) as other:
        expect(other.ask("GET big"), "NOT FOUND",
               "GET big, after an over-long SET big (it must not be executed)")


def test_an_over_long_line_is_refused_before_its_newline_arrives(subject, server):
    with Client(server) as client:
        client.send(b"x" * (subject.exercise.MAX_LINE + 1))  # no newline, the line stays open
        expect_error(client.reply(),
                     "no reply to a line that grew past MAX_LINE bytes: read lines with a "
                     "limit, and answer as soon as the limit is passed, not when the newline "
                     "finally comes")


def test_quit_says_bye_and_the_server_closes(server):
    with Client(server) as client:
        expect(client.ask("QUIT"), "BYE", "QUIT")
        expect_true(client.is_closed_by_server(),
                    "after BYE the server should close the connection")


def test_a_line_cut_short_by_the_client_closing_is_ignored(server):
    with Client(server) as client:
        client.send(b"SET half 1")  # no newline
        client.sock.shutdown(socket.SHUT_WR)
        expect_true(client.is_closed_by_server(), "no reply to half a line: just close")
    with Client(server) as other:
        expect(other.ask("GET half"), "NOT FOUND",
               "GET half, after a SET half 1 cut short by the client closing (a line without "
               "its newline is no command)")
