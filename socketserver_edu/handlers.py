"""Request handlers: one object per request, living for setup() -> handle() -> finish()."""

import io
import socket


class BaseRequestHandler:
    """Handle one request. Override handle(); setup() and finish() are optional.

    The server builds one per request; the constructor does all the work:
    setup(), then handle(), then finish() even when handle() raises.
    Attributes: self.request, self.client_address, self.server.
    """

    def __init__(self, request, client_address, server):
        self.request = request
        self.client_address = client_address
        self.server = server
        self.setup()
        try:
            self.handle()
        finally:
            self.finish()

    def setup(self):
        """Hook: prepare before handle()."""

    def handle(self):
        """Hook: serve the request."""

    def finish(self):
        """Hook: clean up after handle(), even if it raised."""


class StreamRequestHandler(BaseRequestHandler):
    """Handle a connection through files: read self.rfile, write self.wfile."""

    rbufsize = -1  # rfile buffer: -1 means the io default size
    wbufsize = 0  # wfile buffer: 0 sends every write() at once
    timeout = None  # seconds a read or write may block before TimeoutError; None: forever
    disable_nagle_algorithm = False  # True: send small writes at once (TCP_NODELAY)

    def setup(self):
        """Apply timeout and TCP_NODELAY, then wrap the socket in rfile and wfile."""
        self.connection = self.request
        if self.timeout is not None:
            self.connection.settimeout(self.timeout)
        if self.disable_nagle_algorithm:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
        self.rfile = self.connection.makefile("rb", self.rbufsize)
        if self.wbufsize == 0:
            self.wfile = _SocketWriter(self.connection)
        else:
            self.wfile = self.connection.makefile("wb", self.wbufsize)

    def finish(self):
        """Send what wfile still buffers, then close both files (not the socket)."""
        if not self.wfile.closed:
            try:
                self.wfile.flush()
            except OSError:
                # The client is gone. With wbufsize > 0 the bytes stay buffered, so
                # close() below flushes once more and raises: the stdlib does the same.
                pass
        self.wfile.close()
        self.rfile.close()


class _SocketWriter(io.BufferedIOBase):
    """An unbuffered writable file on a socket: every write() is one sendall()."""

    def __init__(self, sock):
        self._sock = sock

    def writable(self):
        return True

    def write(self, data):
        self._sock.sendall(data)
        with memoryview(data) as view:
            return view.nbytes

    def fileno(self):
        return self._sock.fileno()


class DatagramRequestHandler(BaseRequestHandler):
    """Handle a datagram through files: read it from self.rfile, write the reply to self.wfile.

    For a datagram server, self.request is (data, socket); the reply goes out in one
    datagram when handle() returns.
    """

    def setup(self):
        """Unpack the request and open in-memory files for the data and the reply."""
        self.packet, self.socket = self.request
        self.rfile = io.BytesIO(self.packet)
        self.wfile = io.BytesIO()

    def finish(self):
        """Send what was written to wfile back to the client as one datagram."""
        self.socket.sendto(self.wfile.getvalue(), self.client_address)
