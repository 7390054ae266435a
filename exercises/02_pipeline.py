"""Exercise 02_pipeline: a server with a quota per host, that keeps a record of its errors.

A small shared server: every machine may use it a few times, and its operator wants a
list of what went wrong instead of tracebacks on a terminal that nobody reads. Write two
hooks of GuardedServer, a TCPServer.

The contract, as a client and the operator see it:

- Quota. Each client host (its IP address, whatever port the connection comes from) is
  served at most max_per_host requests over the server's life. A connection beyond the
  quota is closed unserved: the handler never runs for it, and the client reads no byte
  (recv() returns b""). Other hosts keep their own quota. self.served_per_host maps
  each host to the number of its requests let in; self.refused counts the connections
  turned away.
- Errors. When the handler raises, the server records it and goes on serving:
  - a client that hung up (a ConnectionError of any kind: BrokenPipeError,
    ConnectionResetError, ...) is no fault of the server: count it in self.hangups;
  - any other exception goes into self.errors as a pair (client_address, the exception
    object itself), oldest first.
  Nothing is printed. A request that raised still counts against its host's quota.

Check it: socketserver-edu check 02_pipeline   (or: pytest tests/exercises/test_02_pipeline.py --target=exercises)
"""

import sys

import socketserver_edu as socketserver


class GuardedServer(socketserver.TCPServer):
    """A TCPServer with a quota of requests per client host and a record of handler errors."""

    max_per_host = 3  # requests served per client host, over the server's life

    def __init__(self, server_address, RequestHandlerClass):
        self.refused = 0  # connections turned away by the quota
        self.hangups = 0  # requests whose client hung up while the handler ran
        self.errors = []  # (client_address, exception) for every other handler error
        self.served_per_host = {}  # host -> requests let in so far
        super().__init__(server_address, RequestHandlerClass)

    def verify_request(self, request, client_address):
        # TODO: the quota (see the module docstring): say whether this connection may be
        # served, and keep what the next decision needs to know.
        raise NotImplementedError("your code goes here: see the TODO above")

    def handle_error(self, request, client_address):
        # TODO: the errors (see the module docstring): the server calls this while the
        # handler's exception is being handled; record it, print nothing, and return.
        raise NotImplementedError("your code goes here: see the TODO above")
