"""Exercise 03_open_connections: keep a count of open connections right, whatever happens.

A server often wants to know how many clients are connected right now: to show it
on a status page, or to turn new clients away when there are too many. A
connection counts from the moment its handler is set up until its handler is
done. Handlers fail in many ways (handle() raises, the client vanishes before the
last answer is sent, the handler cannot even be set up), and the count must stay
right in every one of them. The server here serves one client at a time; chapter
05 runs handlers in threads.

The contract (the tests check each point):

- CountingServer (given) is a TCPServer whose open_connections is the number of
  connections whose handler is set up and not yet done.
- CountingHandler is a StreamRequestHandler meant to be subclassed: subclasses
  override handle() only. You write its setup() and finish().
- While a subclass's handle() runs, its connection counts in
  self.server.open_connections (so handle() itself sees 1 there).
- Once the handler is done, the connection no longer counts: when handle()
  returned, when handle() raised, and when the client vanished so that sending
  what wfile still holds fails at the end.
- A connection whose StreamRequestHandler setup fails (a bad timeout value, say)
  never counts: neither handle() nor finish() runs for it (chapter section 2).
- No error is hidden: what handle() raised, and an error while sending the last
  bytes, still reach the server's handle_error().
- Subclasses still get self.rfile and self.wfile, and what handle() wrote reaches
  the client, even when handle() raised afterwards. (CountingHandler buffers what
  it writes: see wbufsize.)

Check it: socketserver-edu check 03_open_connections
   (or: pytest tests/exercises/test_03_open_connections.py --target=exercises)
"""

import socketserver_edu as socketserver


class CountingServer(socketserver.TCPServer):
    """A TCP server that knows how many connections are open."""

    def __init__(self, server_address, RequestHandlerClass):
        self.open_connections = 0  # connections whose handler is set up and not yet done
        super().__init__(server_address, RequestHandlerClass)


class CountingHandler(socketserver.StreamRequestHandler):
    """Count this connection in the server while its handler lives, whatever handle() does."""

    wbufsize = 64 * 1024  # writes wait in wfile until a flush, at the latest in finish()

    def setup(self):
        # BEGIN SOLUTION
        # TODO: the setup half of the contract in this file's docstring.
        super().setup()  # if this raises, finish() never runs: count only after it
        self.server.open_connections += 1
        # END SOLUTION

    def finish(self):
        # BEGIN SOLUTION
        # TODO: the finish half of the contract in this file's docstring.
        try:
            super().finish()  # may raise: the client may be gone
        finally:
            self.server.open_connections -= 1
        # END SOLUTION
