"""A shutdown() that returns at once, instead of after up to poll_interval seconds.

BaseServer.serve_forever() sleeps in select() for up to poll_interval seconds
and only then notices that shutdown() was called. CPython's own source carries a
note asking for a fix. The fix: a second socket, the Waker, that the loop also
watches. shutdown() writes one byte to it, so select() returns at once.
poll_interval keeps its other meaning: how long a quiet loop sleeps between two
service_actions() calls (it also runs after every request).
"""

import selectors
import socket

from .servers import _Selector


class Waker:
    """A socket pair: wake() from any thread makes the read end readable."""

    def __init__(self):
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)

    def fileno(self):
        """The end a selector watches."""
        return self._reader.fileno()

    def wake(self):
        """Make the watched end readable. Safe from any thread, any number of times."""
        try:
            self._writer.send(b"\0")
        except (BlockingIOError, OSError):
            pass  # already full of wake-ups, or closed: either way nobody sleeps

    def clear(self):
        """Read away the wake-ups, so the next select() sleeps again."""
        try:
            while self._reader.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass

    def close(self):
        self._reader.close()
        self._writer.close()


class InstantShutdownMixIn:
    """Make shutdown() wake serve_forever() at once. Put it first in the bases."""

    def __init__(self, *args, **kwargs):
        # Before super().__init__: if binding fails there, server_close() runs and expects it.
        self._waker = Waker()
        super().__init__(*args, **kwargs)

    def serve_forever(self, poll_interval=0.5):
        """Like BaseServer.serve_forever, but also watching the waker."""
        self._is_shut_down.clear()
        try:
            with _Selector() as selector:
                selector.register(self, selectors.EVENT_READ)
                selector.register(self._waker, selectors.EVENT_READ)
                while not self._shutdown_requested.is_set():
                    ready = selector.select(poll_interval)  # blocking
                    if self._shutdown_requested.is_set():
                        break
                    if any(key.fileobj is self for key, _events in ready):
                        self._handle_request_noblock()
                    self.service_actions()
        finally:
            self._waker.clear()
            self._shutdown_requested.clear()
            self._is_shut_down.set()

    def shutdown(self):
        """Stop serve_forever() now, and wait until it has stopped."""
        self._shutdown_requested.set()
        self._waker.wake()
        self._is_shut_down.wait()  # blocking

    def server_close(self):
        super().server_close()
        self._waker.close()
