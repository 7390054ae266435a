"""04_udp_service: a per-client counter over UDP; a bad datagram gets an ERROR datagram."""

import socket

import pytest

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "04_udp_service"
LONGEST = 512  # the spec's longest command, in bytes
ADDRESS = ("127.0.0.1", 0)

# The test server sends this, followed by the exception, when the handler raised:
# the client then fails at once with a clear message instead of waiting for a timeout.
CRASHED = b"\x00handler raised: "


def serve(subject):
    """The student's CounterServer on 127.0.0.1, serving in a thread of its own process."""
    if not subject.rig.has(subject.exercise, "CounterServer"):
        pytest.fail("there is no class CounterServer in your file yet: the spec at its top "
                    "says what to write", pytrace=False)
    server_class = subject.rig.reporting(subject.exercise.CounterServer, CRASHED)
    return subject.running(server_class(ADDRESS))


class Client:
    """A UDP client with its own address: one datagram out, one datagram back."""

    def __init__(self, server):
        self.server_address = server.server_address
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.settimeout(ANSWER_WITHIN)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.socket.close()

    def ask(self, command):
        self.socket.sendto(command, self.server_address)
        try:
            reply, _sender = self.socket.recvfrom(65535)
        except TimeoutError:
            reply = None  # failed below, outside the except: the message stands alone
        if reply is None:
            pytest.fail(f"no reply to {command!r} within {ANSWER_WITHIN} s: every datagram "
                        f"needs exactly one reply datagram", pytrace=False)
        if reply.startswith(CRASHED):
            pytest.fail(f"the handler raised on {command!r}: "
                        f"{reply[len(CRASHED):].decode('utf-8', 'replace')}", pytrace=False)
        return reply


def test_a_new_client_gets_zero_for_get(subject):
    with serve(subject) as server, Client(server) as client:
        assert client.ask(b"GET") == b"0", "a client never seen before has the counter 0"


def test_add_replies_the_new_value_and_the_counter_remembers_it(subject):
    with serve(subject) as server, Client(server) as client:
        assert client.ask(b"ADD 5") == b"5"
        assert client.ask(b"ADD -2") == b"3", (
            "the counter must last from one datagram to the next: a new handler object is "
            "made for every datagram, so a counter kept on the handler is gone by the next one")
        assert client.ask(b"GET") == b"3"


def test_reset_sets_the_counter_back_to_zero(subject):
    with serve(subject) as server, Client(server) as client:
        assert client.ask(b"ADD 4") == b"4"
        assert client.ask(b"RESET") == b"0"
        assert client.ask(b"GET") == b"0"
        assert client.ask(b"ADD 1") == b"1"


def test_each_client_has_its_own_counter(subject):
    with serve(subject) as server, Client(server) as alice, Client(server) as bob:
        assert alice.ask(b"ADD 5") == b"5"
        assert bob.ask(b"GET") == b"0", (
            "two sockets on the same host are two clients: key the counters by the whole "
            "client_address (host and port), not by the host alone")
        assert bob.ask(b"ADD 1") == b"1"
        assert alice.ask(b"GET") == b"5", "one client's ADD must not change another's counter"


def test_spaces_and_a_newline_around_a_command_are_ignored(subject):
    with serve(subject) as server, Client(server) as client:
        assert client.ask(b"GET\n") == b"0", "a tool like `nc -u` sends b'GET\\n': accept it"
        assert client.ask(b"  ADD   2 \r\n") == b"2"


@pytest.mark.parametrize("bad", [
    b"", b"HELLO", b"get", b"GET 1", b"ADD", b"ADD x", b"ADD 1.5", b"ADD 1 2", b"\xff\xfeGET",
    b"ADD +5", b"ADD 1_000", b"ADD -", b"ADD 5-", b"ADD --5",
], ids=repr)
def test_a_bad_datagram_gets_an_error_and_the_counter_is_unchanged(subject, bad):
    with serve(subject) as server, Client(server) as client:
        assert client.ask(b"ADD 7") == b"7"
        reply = client.ask(bad)
        rule = ""
        if bad.startswith(b"ADD ") and len(bad.split()) == 2:
            rule = (": a whole number is an optional minus sign and the ASCII digits 0 to 9, "
                    "nothing else (int() alone accepts more, like '+5' and '1_000')")
        assert reply.startswith(b"ERROR "), (
            f"{bad!r} should get a reply starting with b'ERROR ', not {reply!r}{rule}")
        assert client.ask(b"GET") == b"7", f"{bad!r} must not change the counter"


def test_a_number_is_an_optional_minus_sign_and_ascii_digits(subject):
    with serve(subject) as server, Client(server) as client:
        assert client.ask(b"ADD 007") == b"7", "b'007' is a whole number (digits only): seven"
        assert client.ask(b"ADD -10") == b"-3", "b'-10' is a whole number: a minus and digits"
        assert client.ask(b"ADD -0") == b"-3", "b'-0' is a whole number too: zero"


def test_a_command_of_the_longest_allowed_size_is_obeyed(subject):
    with serve(subject) as server, Client(server) as client:
        longest = b"ADD 3" + b" " * (LONGEST - len(b"ADD 3"))
        assert client.ask(longest) == b"3", (
            f"a command of exactly {LONGEST} bytes (ADD 3 and spaces) is allowed and must be "
            "obeyed")


def test_a_datagram_longer_than_the_limit_is_refused_not_cut(subject):
    with serve(subject) as server, Client(server) as client:
        assert client.ask(b"ADD 7") == b"7"
        too_long = b"ADD 1" + b" " * LONGEST + b"00"  # cut at the limit, it reads "ADD 1"
        reply = client.ask(too_long)
        assert reply.startswith(b"ERROR "), (
            f"a datagram of {len(too_long)} bytes is longer than the limit of {LONGEST}: it "
            f"needs an ERROR reply, not {reply!r} (was it cut, and the start obeyed?)")
        assert client.ask(b"GET") == b"7", "a datagram that is too long must not change the counter"
