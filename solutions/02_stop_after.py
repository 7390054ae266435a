"""Exercise 02_stop_after (design): a server that stops itself, by count or by quiet.

A test server, a demo, a job that serves a few uploads: such a server should not run
forever. Write it from the spec below. You decide which hooks of TCPServer to
override, where each condition is checked, and how the loop is stopped.

The spec:

- StopAfterServer(server_address, RequestHandlerClass, max_requests, idle_timeout) is
  a TCPServer: it binds, listens and serves like one.
- Its serve_forever(poll_interval) returns by itself at the first of these moments:
  - the request number max_requests has been served (its client got its answer);
  - idle_timeout seconds have passed without a request: counted from when
    serve_forever() starts, and again from the end of each request. It returns
    within about poll_interval after that moment, even if no client ever comes.
  Before that, it serves every client, one at a time, as TCPServer does.
- It never serves more than max_requests requests. A client that is still waiting when
  request number max_requests has been served is not served: its connection is closed
  without an answer (it reads b"", or gets a reset).
- self.served is the number of requests served so far (a client that was not served does
  not count).
- server_close() closes the server, and when it returns, no thread that the server
  started is still running. It also works when serve_forever() was stopped by
  somebody else's shutdown(), or never ran.

Limits: every test uses poll_interval = 0.05 s; idle_timeout is at least 0.2 s.

Check it: socketserver-edu check 02_stop_after   (or: pytest tests/exercises/test_02_stop_after.py --target=exercises)
"""

import socketserver_edu as socketserver

# BEGIN SOLUTION
# TODO: write the class StopAfterServer, as the spec in this file's docstring says
# (import what it needs here).
import threading
from time import monotonic


class StopAfterServer(socketserver.TCPServer):
    """A TCPServer that stops by itself after max_requests requests or idle_timeout of quiet."""

    def __init__(self, server_address, RequestHandlerClass, max_requests, idle_timeout):
        self.max_requests = max_requests
        self.idle_timeout = idle_timeout
        self.served = 0
        self._quiet_since = monotonic()  # when the last request ended, or the loop started
        self._stopper = None  # the thread that calls shutdown(), once a condition is met
        super().__init__(server_address, RequestHandlerClass)

    def serve_forever(self, poll_interval=0.5):
        self._quiet_since = monotonic()
        super().serve_forever(poll_interval)

    def verify_request(self, request, client_address):
        # The stop is asked for in another thread, so the loop may take one more waiting
        # client before it sees the stop: that client is turned away, not served.
        return self.served < self.max_requests and super().verify_request(request, client_address)

    def process_request(self, request, client_address):
        super().process_request(request, client_address)
        self.served += 1
        self._quiet_since = monotonic()
        if self.served >= self.max_requests:
            self._stop()

    def service_actions(self):
        # The loop calls this after each request and after each poll_interval of quiet,
        # so a quiet server looks at the clock often enough.
        super().service_actions()
        if monotonic() - self._quiet_since >= self.idle_timeout:
            self._stop()

    def _stop(self):
        """Ask the loop to stop. We run inside it, and shutdown() waits for it: another thread."""
        if self._stopper is None:
            self._stopper = threading.Thread(target=self.shutdown, name="stopper")
            self._stopper.start()

    def server_close(self):
        super().server_close()
        if self._stopper is not None:
            self._stopper.join()  # blocking, until shutdown() has returned
# END SOLUTION
