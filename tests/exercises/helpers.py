"""A line client for the exercise tests: every read has a timeout, every failure says why."""

import socket
import threading

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
                           "handler raised, its traceback is under 'Captured stderr'")
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


class RecvAfterEnd(RuntimeError):
    """recv() returned b"" and the code asked again and again."""


class WatchedSocket:
    """A socket as the student's code sees it: recv() and sendall() pass through, counted.

    Counting the bytes read lets a test wait until the code has taken one piece
    before it sends the next, so each piece arrives in a recv() of its own.
    most_per_recv caps what one recv() returns (1: a byte at a time). A loop that
    never stops at b"" or never stops sending fails fast instead of hanging.
    """

    def __init__(self, sock, most_per_recv=None):
        self.sock = sock
        self.most_per_recv = most_per_recv
        self.bytes_read = 0
        self.ends_seen = 0
        self.sent = 0
        self.finished = False  # set by the test when the student's code has returned
        self.changed = threading.Condition()

    def recv(self, size, *flags):
        if self.most_per_recv:
            size = min(size, self.most_per_recv)
        data = self.sock.recv(size, *flags)  # blocking
        with self.changed:
            self.bytes_read += len(data)
            self.ends_seen += not data
            self.changed.notify_all()
        if self.ends_seen > 3:
            raise RecvAfterEnd("recv() returned b'' (the peer closed) and was called again: "
                               "stop reading when recv() returns b''")
        return data

    def sendall(self, data):
        self.sent += len(data)
        if self.sent > 1_000_000:
            raise RuntimeError("over 1 MB sent: a loop that never ends?")
        self.sock.sendall(data)

    def __getattr__(self, name):
        raise AttributeError(f"in this exercise the socket offers recv() and sendall() only, "
                             f"not {name}")

    def wait_until_read(self, total):
        """Wait until the code has read total bytes (or has stopped)."""
        with self.changed:
            self.changed.wait_for(lambda: self.bytes_read >= total or self.finished,
                                  timeout=ANSWER_WITHIN)
