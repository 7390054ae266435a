r"""An event-driven server: one thread serves every connection, and nothing waits but select().

A threaded server gives each connection a thread that sits in recv() until the
client speaks. This server has one thread and never lets it sit anywhere except
in one place: the selector, which asks the kernel "which of these sockets can I
use without waiting?". The loop then does only what finishes at once: accept the
clients that are queued, recv() the bytes that have arrived, send() as much as
the socket buffer will take. So a recv() may bring half a line and a send() may
take half a reply, and every connection must keep its unfinished work between
turns: the bytes of a line that has not ended, the bytes of a reply not yet
sent. That is the table of connections, ``server.connections``: file descriptor ->
handler, one row per client (``inbuf`` is LineHandler's, the rest every handler's)::

     fd   client              handler        inbuf (a line begun)   outbuf (queued)   closing
    ---   -----------------   ------------   --------------------   ---------------   -------
      7   127.0.0.1:50432     LineHandler    b"GET /ind"            0 bytes           no
      8   127.0.0.1:50433     LineHandler    b""                    1.2 MB            no
      9   127.0.0.1:50437     LineHandler    b""                    b"bye\n"          yes

The code of a request is no longer one handle() that runs top to bottom: it is a
handler whose methods the loop calls as things happen (connection_made,
data_received, connection_lost). Those methods must never block, because while
one runs, every other client waits. asyncio is this same loop, with coroutines
so that the code of a request can again read from top to bottom.
"""

import errno
import selectors
import socket
import types
from time import monotonic

from .servers import TCPServer
from .wakeup import Waker


class EventDrivenTCPServer(TCPServer):
    """One thread serves every connection: a selector tells which socket is ready.

    RequestHandlerClass is an EventHandler: one is made per connection, and the
    loop calls its methods. All reading and writing happens in serve_forever()
    (or handle_request()), in the thread that runs it.
    """

    request_queue_size = 128  # many clients may arrive at once: let the kernel queue them
    accepts_per_turn = 16  # accept at most this many per turn, so connected clients get a turn too
    read_size = 64 * 1024  # bytes read from a ready connection per turn
    # Seconds to stop accepting when this process is out of file descriptors: accept() would
    # fail again at once, and the listening socket, still readable, would make the loop spin.
    out_of_files_pause = 0.1

    def __init__(self, server_address, RequestHandlerClass, bind_and_activate=True):
        # Before super().__init__: if binding fails there, server_close() runs and expects them.
        self._connections = {}  # file descriptor -> the handler of that connection
        self._finished = []  # closing, nothing left to send: closed at the end of the turn
        self._accept_again_at = None  # while accepting is paused (out of files): when to resume
        self.connections = types.MappingProxyType(self._connections)  # the table, read-only
        self._waker = Waker()
        # DefaultSelector is epoll on Linux (kqueue on BSD, macOS): its cost per turn grows
        # with the sockets that are ready, not, like poll(), with every socket watched.
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._waker, selectors.EVENT_READ)
        super().__init__(server_address, RequestHandlerClass, bind_and_activate)

    # --- for the caller -------------------------------------------------------------

    def serve_forever(self, poll_interval=0.5):
        """Serve every connection until shutdown(); run service_actions() every turn of the loop."""
        self._is_shut_down.clear()
        try:
            while not self._shutdown_requested.is_set():
                self._run_once(poll_interval)
                self.service_actions()
        finally:
            self._waker.clear()
            self._shutdown_requested.clear()
            self._is_shut_down.set()

    def handle_request(self):
        """One turn of the loop, waiting up to self.timeout; if nothing came, handle_timeout()."""
        if not self._run_once(self.timeout):
            self.handle_timeout()

    def shutdown(self):
        """Stop serve_forever() now and wait until it has stopped. Call it from another thread."""
        self._shutdown_requested.set()
        self._waker.wake()
        self._is_shut_down.wait()  # blocking

    def server_close(self):
        """Close every connection (each handler hears connection_lost), then the listening socket.

        Output still queued is dropped: call it after shutdown(), when you are done.
        """
        for handler in list(self._connections.values()):
            self._close_connection(handler)
        super().server_close()
        self._selector.close()
        self._waker.close()

    # --- the pipeline, non-blocking ----------------------------------------------------

    def server_activate(self):
        """Listen, without blocking, and let the selector watch the listening socket."""
        super().server_activate()
        self.socket.setblocking(False)
        self._selector.register(self, selectors.EVENT_READ)

    def get_request(self):
        """Accept a waiting connection, non-blocking; BlockingIOError if nobody is waiting."""
        request, client_address = self.socket.accept()
        request.setblocking(False)
        return request, client_address

    def process_request(self, request, client_address):
        """Start serving a new connection: make its handler, add it to the table; return at once."""
        handler = self.RequestHandlerClass(request, client_address, self)
        self._connections[request.fileno()] = handler
        self._selector.register(request, selectors.EVENT_READ, handler)
        self._call_handler(handler, handler.connection_made)

    # --- the loop: one turn, and what it does with each ready socket --------------------

    def _run_once(self, timeout):
        """Wait up to timeout seconds for ready sockets, and serve each; return True if any was."""
        if self._accept_again_at is not None:  # accepting is paused: wake up in time to resume
            pause_left = max(self._accept_again_at - monotonic(), 0)
            timeout = pause_left if timeout is None else min(timeout, pause_left)
        ready = self._selector.select(timeout)  # blocking
        for key, events in ready:
            if key.fileobj is self:
                self._accept_some()
            elif key.fileobj is self._waker:
                self._waker.clear()  # shutdown() woke us: the loop's condition does the rest
            else:
                self._serve_connection(key.data, events)
        # Close here, between handler methods, so connection_lost never runs inside another
        # handler's call to close() or send().
        while self._finished:
            self._close_connection(self._finished.pop())
        resumed = self._accept_again_at is not None and monotonic() >= self._accept_again_at
        if resumed:
            self._accept_again_at = None
            self._selector.register(self, selectors.EVENT_READ)
        return bool(ready) or resumed

    def _accept_some(self):
        """Accept the clients waiting to connect, a few at most, and start serving each."""
        for _ in range(self.accepts_per_turn):
            try:
                request, client_address = self.get_request()
            except OSError as error:  # nobody waiting any more, or the client gave up, or...
                if error.errno in (errno.EMFILE, errno.ENFILE):  # ...we are out of files
                    # The clients stay queued in the kernel; we try again after the pause.
                    self._selector.unregister(self)
                    self._accept_again_at = monotonic() + self.out_of_files_pause
                return
            if not self.verify_request(request, client_address):
                self.shutdown_request(request)
                continue
            try:
                self.process_request(request, client_address)
            except Exception:  # the handler's __init__ raised: that client is not served
                self.handle_error(request, client_address)
                self.shutdown_request(request)

    def _serve_connection(self, handler, events):
        """Do what the connection is ready for: read what arrived, write what is queued."""
        if events & selectors.EVENT_READ and not handler.closing:
            self._read(handler)
        if events & selectors.EVENT_WRITE and handler.connected:  # reading may have closed it
            self._write(handler)

    def _read(self, handler):
        """Read what has arrived and hand it to the handler; at end of stream, close."""
        try:
            data = handler.connection.recv(self.read_size)
        except BlockingIOError:
            return  # nothing after all: wait for the next turn
        except OSError:  # ECONNRESET, say: the peer is gone, and so is what we queued for it
            self._close_connection(handler)
            return
        if data:
            self._call_handler(handler, handler.data_received, data)
        else:
            handler.close()  # the peer sends no more: send it what is queued, then close

    def _write(self, handler):
        """Send as much queued output as the socket takes; the rest waits for the next turn."""
        try:
            sent = handler.connection.send(handler.outbuf)
        except BlockingIOError:
            return  # the buffer is full after all
        except OSError:  # EPIPE, ECONNRESET: the peer is gone
            self._close_connection(handler)
            return
        del handler.outbuf[:sent]
        self._watch(handler)

    def _watch(self, handler):
        """Watch the connection for what it waits for now (called by send() and close())."""
        if not handler.connected:
            return
        if handler.closing and not handler.outbuf:
            self._finished.append(handler)  # nothing left to do: close it at the end of this turn
            return
        if handler.closing:
            events = selectors.EVENT_WRITE  # only sending what is queued is left
        elif handler.outbuf:
            events = selectors.EVENT_READ | selectors.EVENT_WRITE
        else:
            events = selectors.EVENT_READ  # watching for writable now would wake us every turn
        self._selector.modify(handler.connection, events, handler)

    def _call_handler(self, handler, method, *args):
        """Call a handler method; if it raises, report it and close that connection only."""
        try:
            method(*args)
        except Exception:
            self.handle_error(handler.connection, handler.client_address)
            self._close_connection(handler)

    def _close_connection(self, handler):
        """Take a connection out of the table, close it, and tell its handler, once."""
        if not handler.connected:
            return
        handler.connected = False
        del self._connections[handler.connection.fileno()]
        self._selector.unregister(handler.connection)
        self.shutdown_request(handler.connection)
        self._call_handler(handler, handler.connection_lost)


class EventDrivenUnixStreamServer(EventDrivenTCPServer):
    """The event-driven server on a Unix socket: the address is a path; remove the file after."""

    address_family = socket.AF_UNIX


class EventHandler:
    """One per connection; the server calls its methods when something happens. Never block in them.

    Attributes, as on BaseRequestHandler: self.connection (the socket),
    self.client_address, self.server. The handler is also the connection's row
    in the server's table: the server writes out self.outbuf, and sets
    self.connected to False when it closes the connection. Call send() and
    close() only from the server's thread, that is, from inside a handler method
    (this handler's or another's: a chat room sends to every member).
    """

    max_output_buffer = 16 * 1024 * 1024  # bytes send() may queue; past it the peer is not reading

    def __init__(self, connection, client_address, server):
        self.connection = connection  # the socket, non-blocking; its I/O belongs to the server
        self.client_address = client_address
        self.server = server
        self.outbuf = bytearray()  # queued by send(), not yet taken by the socket
        self.closing = False  # True after close(): send what is queued, then close
        self.connected = True  # False once the server has closed the connection

    def __repr__(self):
        state = "closed" if not self.connected else "closing" if self.closing else "open"
        queued = len(self.outbuf)
        return f"<{type(self).__name__} {self.client_address!r} {state}, {queued} bytes queued>"

    def connection_made(self):
        """Hook: the connection was accepted (send a greeting here, say)."""

    def data_received(self, data):
        """Hook: bytes arrived; never empty, split wherever the network split them."""

    def connection_lost(self):
        """Hook: the connection closed (peer gone, close(), error, server_close()). Called once."""

    def send(self, data):
        """Queue bytes; the server writes them as the socket accepts them. Never blocks.

        Does nothing after close(). A peer that lets more than max_output_buffer
        bytes pile up is dropped: the queued bytes are discarded and the
        connection is closed, so its output ends cut short.
        """
        if self.closing or not self.connected:
            return
        self.outbuf += data
        if len(self.outbuf) > self.max_output_buffer:
            # Keeping more would let one client that never reads use up our memory.
            self.outbuf.clear()
            self.closing = True
        self.server._watch(self)

    def close(self):
        """Close the connection once the queued output is sent."""
        if self.connected:
            self.closing = True
            self.server._watch(self)


class LineHandler(EventHandler):
    r"""Split the byte stream into lines; call line_received(line) for each (line without b"\n")."""

    max_line_length = 64 * 1024  # a longer line is an error, not a memory blow-up

    def __init__(self, connection, client_address, server):
        super().__init__(connection, client_address, server)
        self.inbuf = bytearray()  # the start of a line whose end has not arrived yet

    def data_received(self, data):
        """Add the bytes to the line begun; hand over each line that is now complete."""
        self.inbuf += data
        while not self.closing:
            # Look no further than a line may reach: beyond it, the line is too long anyway.
            end = self.inbuf.find(b"\n", 0, self.max_line_length + 1)
            if end < 0:
                if len(self.inbuf) > self.max_line_length:
                    self.inbuf.clear()
                    self.line_too_long()
                return
            line = bytes(self.inbuf[:end])
            del self.inbuf[:end + 1]
            self.line_received(line)

    def line_received(self, line):
        r"""Hook: one complete line arrived (bytes, without the b"\n")."""

    def line_too_long(self):
        """Hook: a line grew past max_line_length. By default, send an error line and close."""
        self.send(b"error: line too long\n")
        self.close()
