"""Exercise 02_serve_many: one thread, one loop, several servers.

serve_forever() serves one server and does not return until it is shut down, so two
servers would need two threads. Serve several from the one thread that calls you.

The contract of serve_many(servers, stop, poll_interval):

- servers: TCPServer objects, already listening. stop: a threading.Event.
- Every client of every server is served, each by its own server's handler, all in the
  thread that called serve_many (it starts no thread), one request at a time. A client
  of one server is not kept waiting by a quiet other server.
- It returns once stop is set: within about poll_interval, even if no client ever comes
  again. It is not an error to return while clients are queued.
- It does not close the servers: whoever made them closes them.

Check it: socketserver-edu check 02_serve_many   (or: pytest tests/exercises/test_02_serve_many.py --target=exercises)
"""

import selectors


def serve_many(servers, stop, poll_interval=0.05):
    """Serve every server in this thread, one request at a time, until stop is set."""
    # BEGIN SOLUTION
    # TODO: serve every server from this thread until stop is set, as the contract in
    # this file's docstring says.
    with selectors.DefaultSelector() as selector:
        for server in servers:
            selector.register(server, selectors.EVENT_READ)
        while not stop.is_set():
            for key, _events in selector.select(poll_interval):  # blocking
                key.fileobj.handle_request()
    # END SOLUTION
