"""Exercise 05_thread_per_request: a threading mixin with a limit (a design exercise).

ThreadingMixIn starts a thread for every request, however many come. Design and
write two classes:

- LimitedThreadingMixIn: a mixin that serves each request in a new thread of its
  own, but never runs more than max_threads handlers at the same moment;
- LimitedThreadingTCPServer: a TCPServer that uses it.

What clients and the tests observe:

- Each request is handled in a new thread, never in the thread that runs
  serve_forever(): a slow client never stops the server from accepting and serving
  other clients.
- At most max_threads handlers (a class attribute, default 4) run at once. A client
  that arrives while max_threads handlers are running is not handled: it receives
  exactly busy_message (a class attribute, default b"busy\\n") and then the end of
  the connection, at once. Turning it away never waits for the running handlers,
  and starts no thread.
- A request holds its place from the moment the server accepts it, even while its
  thread has not begun to run yet (the tests hold new threads at their start), until
  its thread ends, also when the handler raised an exception.
- An exception raised by a handler goes to handle_error(), in the handler's own
  thread, and the server goes on serving; every connection is closed in the end.
- daemon_threads and block_on_close (class attributes, defaults False and True) mean
  what they mean for ThreadingMixIn: the handler threads are daemon threads when
  daemon_threads is true; when block_on_close is true, server_close() closes the
  server, then waits until every non-daemon handler thread has ended. With
  block_on_close false, server_close() never waits for a handler.

Check it: socketserver-edu check 05_thread_per_request
"""

import threading

import socketserver_edu as socketserver

# TODO: write the classes LimitedThreadingMixIn and LimitedThreadingTCPServer, as the
# docstring at the top of this file describes.
