"""The servers: a request loop (BaseServer) and the sockets it serves.

Who calls what:

- The caller: ``__init__``, ``serve_forever``, ``shutdown``, ``handle_request``,
  ``server_close``, ``fileno``, and the ``with`` statement.
- Subclasses may override: ``server_bind``, ``server_activate``, ``get_request``,
  ``verify_request``, ``process_request``, ``finish_request``, ``shutdown_request``,
  ``close_request``, ``handle_error``, ``handle_timeout``, ``service_actions``.
- Configuration is by class attribute: ``address_family``, ``socket_type``,
  ``request_queue_size``, ``allow_reuse_address``, ``allow_reuse_port``, ``timeout``,
  ``max_packet_size``.

Four words for "closing", told apart:

- ``shutdown()`` stops the ``serve_forever`` loop; the listening socket stays open.
- ``server_close()`` closes the listening socket; the server is finished.
- ``shutdown_request(request)`` ends one request politely (for TCP: tell the client
  "no more data" with ``SHUT_WR``), then calls ``close_request``.
- ``close_request(request)`` releases one request's socket.
"""

import selectors
import socket
import sys
import threading
import traceback
from time import monotonic

# poll() has no limit on descriptor numbers; select() stops working above 1023.
_Selector = getattr(selectors, "PollSelector", selectors.SelectSelector)


class BaseServer:
    """The request loop, with no socket of its own: subclasses bring one."""

    timeout = None  # seconds handle_request() waits before handle_timeout(); None: forever

    def __init__(self, server_address, RequestHandlerClass):
        self.server_address = server_address
        self.RequestHandlerClass = RequestHandlerClass
        self._shutdown_requested = threading.Event()
        self._is_shut_down = threading.Event()

    # --- for the caller -------------------------------------------------------------

    def serve_forever(self, poll_interval=0.5):
        """Handle requests until shutdown(); call service_actions() after each turn of the loop.

        A turn ends after one request, or after poll_interval seconds with no client:
        service_actions() runs after every request of a burst, and only every
        poll_interval seconds when the server is quiet. It is not a timer.
        """
        self._is_shut_down.clear()
        try:
            with _Selector() as selector:
                selector.register(self, selectors.EVENT_READ)
                while not self._shutdown_requested.is_set():
                    ready = selector.select(poll_interval)  # blocking
                    if self._shutdown_requested.is_set():
                        break
                    if ready:
                        self._handle_request_noblock()
                    self.service_actions()
        finally:
            self._shutdown_requested.clear()
            self._is_shut_down.set()

    def shutdown(self):
        """Stop serve_forever() and wait until it has stopped.

        Call it from another thread. Called from the thread that runs serve_forever()
        (from inside a handler, say) it waits for itself forever: a deadlock.
        The loop notices the request the next time select() returns, so this can
        take up to poll_interval seconds (socketserver_edu.wakeup removes the wait).
        """
        self._shutdown_requested.set()
        self._is_shut_down.wait()  # blocking

    # The stdlib keeps its stop flag in a private attribute, and programs on the web stop
    # serve_forever() from inside a handler with ``server._BaseServer__shutdown_request = True``.
    # A drop-in should stop there too, not hang: this property maps that name onto our flag.
    # Prefer shutdown() from another thread; the private name may change in any Python release.
    @property
    def _BaseServer__shutdown_request(self):
        return self._shutdown_requested.is_set()

    @_BaseServer__shutdown_request.setter
    def _BaseServer__shutdown_request(self, value):
        if value:
            self._shutdown_requested.set()  # the loop stops after the current turn
        else:
            self._shutdown_requested.clear()

    def handle_request(self):
        """Wait for one request and handle it; after self.timeout seconds call handle_timeout()."""
        timeout = self.socket.gettimeout()
        if timeout is None:
            timeout = self.timeout
        elif self.timeout is not None:
            timeout = min(timeout, self.timeout)
        deadline = None if timeout is None else monotonic() + timeout
        with _Selector() as selector:
            selector.register(self, selectors.EVENT_READ)
            while True:
                if selector.select(timeout):  # blocking
                    return self._handle_request_noblock()
                if deadline is not None:
                    # select() may return early (a signal, say): wait out the rest.
                    timeout = deadline - monotonic()
                    if timeout < 0:
                        return self.handle_timeout()

    def server_close(self):
        """Release the server's resources. Called by __exit__."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.server_close()

    # --- the pipeline: one request from arrival to close ---------------------------

    def _handle_request_noblock(self):
        """Take one waiting request through the pipeline; never blocks on accept."""
        try:
            request, client_address = self.get_request()
        except OSError:
            return  # the client gave up between select() and accept()
        if not self.verify_request(request, client_address):
            self.shutdown_request(request)
            return
        try:
            self.process_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
            self.shutdown_request(request)
        except BaseException:  # KeyboardInterrupt, SystemExit: close, then stop the server
            self.shutdown_request(request)
            raise

    def verify_request(self, request, client_address):
        """Hook: return False to drop the request unhandled."""
        return True

    def process_request(self, request, client_address):
        """Hook: handle the request, then close it. Mixins run this in a thread or process."""
        self.finish_request(request, client_address)
        self.shutdown_request(request)

    def finish_request(self, request, client_address):
        """Run the request handler on the request."""
        self.RequestHandlerClass(request, client_address, self)

    def shutdown_request(self, request):
        """End one request and release it."""
        self.close_request(request)

    def close_request(self, request):
        """Release one request's resources."""

    def handle_error(self, request, client_address):
        """Hook: the handler raised. Print the traceback; the server keeps serving."""
        print("-" * 40, file=sys.stderr)
        print("Exception occurred during processing of request from",
              client_address, file=sys.stderr)
        traceback.print_exc()
        print("-" * 40, file=sys.stderr)

    def handle_timeout(self):
        """Hook: handle_request() waited self.timeout seconds and nothing came."""

    def service_actions(self):
        """Hook: serve_forever() calls it after each request and each poll_interval of quiet."""

    def server_activate(self):
        """Hook: get ready to receive requests (TCP: listen)."""


class BaseSocketServer(BaseServer):
    """A BaseServer that owns one socket: create it, bind it, activate it, close it.

    The stdlib has no such class: there, UDPServer inherits all of this from
    TCPServer. Here both TCPServer and UDPServer derive from it, because a
    datagram server is not a kind of stream server.
    """

    address_family = socket.AF_INET
    socket_type = None  # set by subclasses: SOCK_STREAM or SOCK_DGRAM
    allow_reuse_address = False  # SO_REUSEADDR: bind even while old connections linger
    allow_reuse_port = False  # SO_REUSEPORT: several sockets may bind the same port

    def __init__(self, server_address, RequestHandlerClass, bind_and_activate=True):
        super().__init__(server_address, RequestHandlerClass)
        self.socket = socket.socket(self.address_family, self.socket_type)
        if bind_and_activate:
            try:
                self.server_bind()
                self.server_activate()
            except BaseException:
                self.server_close()
                raise

    def server_bind(self):
        """Set the reuse options, bind, and record the real address (port 0 becomes a number)."""
        if self.allow_reuse_address and hasattr(socket, "SO_REUSEADDR"):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if self.allow_reuse_port and hasattr(socket, "SO_REUSEPORT"):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()

    def server_close(self):
        """Close the server's socket."""
        self.socket.close()

    def fileno(self):
        """The socket's file descriptor, so a selector can watch the server itself."""
        return self.socket.fileno()


class TCPServer(BaseSocketServer):
    """A stream server: listen, accept a connection, one request per connection."""

    socket_type = socket.SOCK_STREAM
    request_queue_size = 5  # the listen backlog: connections the kernel holds until accept()

    def server_activate(self):
        """Listen, so the kernel starts queueing connections."""
        self.socket.listen(self.request_queue_size)

    def get_request(self):
        """Accept a connection: return (connected socket, client address)."""
        return self.socket.accept()

    def shutdown_request(self, request):
        """Tell the client we are done sending (SHUT_WR), then close the connection."""
        try:
            request.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the client is gone already (ENOTCONN on some platforms)
        self.close_request(request)

    def close_request(self, request):
        """Close the connection."""
        request.close()


class UDPServer(BaseSocketServer):
    """A datagram server: no connections; each datagram is one request."""

    socket_type = socket.SOCK_DGRAM
    max_packet_size = 8192  # bytes read per datagram; the rest of a longer one is lost

    def server_activate(self):
        """Nothing to do: datagram sockets do not listen."""

    def get_request(self):
        """Receive one datagram: return ((data, server socket), client address)."""
        data, client_address = self.socket.recvfrom(self.max_packet_size)
        return (data, self.socket), client_address

    def shutdown_request(self, request):
        """Nothing to end: the socket is shared by every client."""
        self.close_request(request)

    def close_request(self, request):
        """Nothing to close: the socket is shared by every client."""


class UnixStreamServer(TCPServer):
    """A stream server on a Unix socket: the address is a file path.

    Like the stdlib, it leaves the socket file behind: remove it yourself.
    """

    address_family = socket.AF_UNIX


class UnixDatagramServer(UDPServer):
    """A datagram server on a Unix socket: the address is a file path."""

    address_family = socket.AF_UNIX
