"""A line client for the exercise tests, and checks that fail in words, not pytest diffs.

It runs here, on the trusted side. What must run beside the student's code (a watched
socket, handlers) lives in tests/exercises/rigs/.
"""

import socket

import pytest

from tests.exercises.conftest import ANSWER_WITHIN

# Once part of a reply is here, the rest follows at once: wait only this long for it.
QUIET_WINDOW = 0.3


class LineClient:
    """One connection to a server: send bytes, read reply lines."""

    def __init__(self, server):
        self.sock = socket.create_connection(server.server_address, timeout=ANSWER_WITHIN)
        self.unread = b""  # received, not yet returned as a reply

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.sock.close()

    def send(self, data):
        self.sock.sendall(data)

    def reply_line(self):
        """The next reply line, as bytes, with its newline."""
        while b"\n" not in self.unread:
            self.sock.settimeout(QUIET_WINDOW if self.unread else ANSWER_WITHIN)
            try:
                chunk = self.sock.recv(4096)  # blocking, with the timeout above
            except TimeoutError:
                if self.unread:
                    pytest.fail(f"the server sent {self.unread!r} and no newline: a client "
                                "that reads lines waits for it forever", pytrace=False)
                pytest.fail(f"no reply within {ANSWER_WITHIN} s", pytrace=False)
            except ConnectionResetError:
                chunk = b""
            assert chunk, ("the server closed the connection instead of replying; if the "
                           "handler raised, its traceback is under 'Captured stderr of your code'")
            self.unread += chunk
        line, _, self.unread = self.unread.partition(b"\n")
        return line + b"\n"

    def is_closed_by_server(self):
        """True when the server hangs up within ANSWER_WITHIN seconds without sending more."""
        if self.unread:
            return False
        self.sock.settimeout(ANSWER_WITHIN)
        try:
            return self.sock.recv(1) == b""  # blocking, at most ANSWER_WITHIN seconds
        except ConnectionResetError:
            return True  # closed with our bytes still unread: a reset, also a hang-up
        except TimeoutError:
            return False


def expect(actual, expected, what):
    """Fail with what, in words, when actual is not expected (no pytest diff to decode)."""
    if actual != expected:
        pytest.fail(f"{what}: the reply should be {expected!r}, it was {actual!r}",
                    pytrace=False)


def expect_true(condition, message):
    """Fail with message when condition is false."""
    if not condition:
        pytest.fail(message, pytrace=False)
