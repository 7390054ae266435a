# A wrong answer to 03_open_connections that students write: nosuperfinish.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 03_open_connections: count the open connections with setup() and finish().

A server often wants to know how many clients are connected right now: to show
it on a status page, or to turn new clients away when there are too many. A
connection is open from its handler's setup() until its finish(). The server
calls finish() even when handle() raised, so a count kept in those two hooks
stays right when a handler crashes, if you keep what StreamRequestHandler
itself does in them.

The contract (the tests check each point):

- CountingHandler is a StreamRequestHandler meant to be subclassed: subclasses
  override handle() only. CountingServer is given; it has open_connections,
  most_open and lock.
- While a connection is being handled, it counts in self.server.open_connections.
  Once its handler is done, it no longer counts: also when handle() raised, and
  also when the client vanished so that finish() fails to send the last bytes.
- self.server.most_open is the highest value open_connections has ever reached.
- Handlers run in several threads at once: change the two counts only while
  holding self.server.lock.
- Subclasses still get self.rfile and self.wfile, and what handle() wrote to wfile
  reaches the client, even when handle() raised afterwards. (CountingHandler
  buffers what it writes: see wbufsize.)

Check it: socketserver-edu check 03_open_connections
   (or: pytest tests/exercises/test_03_open_connections.py --target=exercises)
"""

import threading

import socketserver_edu as socketserver


class CountingServer(socketserver.ThreadingTCPServer):
    """A threaded TCP server that knows how many connections are open."""

    def __init__(self, server_address, RequestHandlerClass):
        self.lock = threading.Lock()  # guards the two counts below
        self.open_connections = 0  # connections whose handler has set up and not yet finished
        self.most_open = 0  # the highest open_connections so far
        super().__init__(server_address, RequestHandlerClass)


class CountingHandler(socketserver.StreamRequestHandler):
    """Count this connection in the server from setup() to finish(), whatever handle() does."""

    wbufsize = 64 * 1024  # writes wait in wfile until a flush, at the latest in finish()

    def setup(self):
        # BEGIN SOLUTION
        # TODO: let StreamRequestHandler set up first (it makes rfile and wfile), then,
        # holding self.server.lock, add 1 to open_connections and update most_open.
        super().setup()
        with self.server.lock:  # blocking, while another handler holds it
            self.server.open_connections += 1
            self.server.most_open = max(self.server.most_open, self.server.open_connections)
        # END SOLUTION

    def finish(self):
        # BEGIN SOLUTION
        # TODO: let StreamRequestHandler finish (it sends what wfile still holds), and
        # then, holding self.server.lock, take 1 from open_connections. The count must
        # drop even if the parent's finish() raises: which statement guarantees that?
        try:
            pass
        finally:
            with self.server.lock:  # blocking, while another handler holds it
                self.server.open_connections -= 1
        # END SOLUTION
