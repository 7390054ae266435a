# A wrong answer to 02_pipeline that students write: raises again in handle error.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 02_pipeline: a server that picks its clients and survives its handler's errors.

Chapter 02 followed one request through the pipeline:
get_request -> verify_request -> process_request -> finish_request -> shutdown_request.
Customise two of its hooks on a TCPServer:

- verify_request: let in only clients whose host is in allowed_hosts; count the others.
- handle_error: when the handler raises, keep the exception in self.errors instead
  of printing a traceback. The server must go on serving the next client.

Check it: socketserver-edu check 02_pipeline   (or: pytest tests/exercises/test_02_pipeline.py --target=exercises)
"""

import sys

import socketserver_edu as socketserver


class GuardedServer(socketserver.TCPServer):
    """A TCPServer that serves only allowed hosts and records handler errors."""

    allowed_hosts = {"127.0.0.1"}

    def __init__(self, server_address, RequestHandlerClass):
        self.refused = 0  # clients turned away by verify_request
        self.errors = []  # exceptions the handler raised, oldest first
        super().__init__(server_address, RequestHandlerClass)

    def verify_request(self, request, client_address):
        # BEGIN SOLUTION
        # TODO: return True when the client's host (client_address[0]) is in
        # self.allowed_hosts. Otherwise add 1 to self.refused and return False.
        if client_address[0] in self.allowed_hosts:
            return True
        self.refused += 1
        return False
        # END SOLUTION

    def handle_error(self, request, client_address):
        # BEGIN SOLUTION
        # TODO: append the exception being handled to self.errors (hint: sys.exc_info()).
        # Do not raise: returning normally lets the server carry on.
        self.errors.append(sys.exc_info()[1])
        raise
        # END SOLUTION
