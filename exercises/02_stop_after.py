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

# TODO: write the class StopAfterServer, as the spec in this file's docstring says
# (import what it needs here).
