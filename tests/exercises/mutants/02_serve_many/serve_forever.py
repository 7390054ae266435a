# A wrong answer to 02_serve_many that students write: serve forever.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 02_serve_many: one thread, one loop, several servers.

serve_forever() serves one server and does not return until it is shut down, so two
servers would need two threads. But a server has fileno() (chapter 02, section 5): a
selector can watch the server object itself, and several of them at once. Write the
loop yourself:

- register every server with one selector;
- wait until one of them has a client waiting, but never longer than poll_interval,
  so that you notice when `stop` is set even if no client comes;
- let each ready server handle one request with handle_request();
- return once `stop` (a threading.Event) is set.

The contract: serve_many(servers, stop, poll_interval) serves every server in the
calling thread (no new threads), one request at a time, until stop is set; then it
returns within about poll_interval. It does not close the servers: whoever made
them closes them.

Check it: socketserver-edu check 02_serve_many   (or: pytest tests/exercises/test_02_serve_many.py --target=exercises)
"""

import selectors


def serve_many(servers, stop, poll_interval=0.05):
    """Serve every server in this thread, one request at a time, until stop is set."""
    with selectors.DefaultSelector() as selector:
        # BEGIN SOLUTION
        # TODO: let the selector watch every server for reading (a server has fileno()).
        # Then, until stop is set: wait for servers with a client waiting, but never
        # longer than poll_interval, and let each ready server handle one request.
        for server in servers:
            selector.register(server, selectors.EVENT_READ)
        for server in servers:
            server.serve_forever(poll_interval)
        # END SOLUTION
