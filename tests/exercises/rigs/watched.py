"""The watched socket of chapter 01's exercises: the socket the student's code reads, counted.

It lives in the subject, beside the student's code; the test holds the other end of the
same TCP connection and only asks this module to wait (a pacing aid, never a verdict).
"""

import contextlib
import socket
import threading


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
        self.finished = False  # set when the student's code has returned
        self.changed = threading.Condition()

    def recv(self, size, *flags):
        if self.most_per_recv:
            size = min(size, self.most_per_recv)
        data = self.sock.recv(size, *flags)  # blocking, at most the connection's timeout
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


class Watch:
    """The subject's end of one TCP connection to the test, and the watch kept on it.

    ``connection`` is the plain socket; ``watched`` is the WatchedSocket the student's
    functions get from run(). The test calls wait_until_read() to pace what it sends.
    """

    def __init__(self, address, most_per_recv=None, timeout=4.0, send_buffer=None):
        self.connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            if send_buffer:
                # A small buffer: then one send() cannot take a large payload whole, as it
                # sometimes can on loopback, and a send() that should be sendall() shows.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
            # A timeout, so that a student's recv() that waits for bytes never sent ends some
            # time; the test passes one longer than its own, so its own message comes first.
            self.connection.settimeout(timeout)
            self.connection.connect(address)  # blocking, at most timeout
        except BaseException:
            self.connection.close()
            raise
        self.watched = WatchedSocket(self.connection, most_per_recv)

    def run(self, function, *args, **kwargs):
        """function(the watched socket, *args, **kwargs); then note that it has returned."""
        with self.watched.changed:
            self.watched.finished = False
        try:
            return function(self.watched, *args, **kwargs)
        finally:
            with self.watched.changed:
                self.watched.finished = True
                self.watched.changed.notify_all()

    def wait_until_read(self, total, within):
        """Wait at most within seconds until the code has read total bytes, or has returned."""
        watched = self.watched
        with watched.changed:
            watched.changed.wait_for(lambda: watched.bytes_read >= total or watched.finished,
                                     timeout=within)

    def hang_up(self):
        """End the connection both ways, as a close would: the test's end sees b""."""
        with contextlib.suppress(OSError):  # already ended by the peer
            self.connection.shutdown(socket.SHUT_RDWR)

    def close(self):
        self.hang_up()  # wakes a student's recv() that still waits in another thread
        self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
