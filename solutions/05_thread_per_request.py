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

# BEGIN SOLUTION
# TODO: write the classes LimitedThreadingMixIn and LimitedThreadingTCPServer, as the
# docstring at the top of this file describes.


class LimitedThreadingMixIn:
    """Handle each request in a new thread, at most max_threads at once; "busy" beyond."""

    max_threads = 4  # handlers running at the same moment, at most
    busy_message = b"busy\n"  # what a client gets when every place is taken
    daemon_threads = False  # True: handler threads are daemons, and nobody waits for them
    block_on_close = True  # True: server_close() waits for the non-daemon handler threads

    def __init__(self, *args, **kwargs):
        # Before super().__init__: if binding fails there, server_close() runs and reads them.
        self._places = threading.Lock()  # guards _running and _threads: many threads change them
        self._running = 0  # handlers started and not yet ended
        self._threads = []  # the threads server_close() must wait for
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        """Start a thread for the request if a place is free, else turn the client away."""
        with self._places:
            full = self._running >= self.max_threads
            if not full:
                self._running += 1  # taken here, before the thread starts: no two take the last
        if full:
            self.turn_away(request)
            return
        thread = threading.Thread(target=self.process_request_thread,
                                  args=(request, client_address), daemon=self.daemon_threads)
        if self.block_on_close and not thread.daemon:
            with self._places:
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.append(thread)
        thread.start()

    def turn_away(self, request):
        """Tell the client the server is busy, and close its connection."""
        try:
            request.sendall(self.busy_message)
        except OSError:
            pass  # the client has gone already: nobody to tell
        finally:
            self.shutdown_request(request)

    def process_request_thread(self, request, client_address):
        """The body of a handler thread: the synchronous pipeline, then the place is free."""
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            with self._places:
                self._running -= 1

    def server_close(self):
        """Close the server, then wait for the handler threads still running."""
        super().server_close()
        with self._places:
            threads, self._threads = self._threads, []
        for thread in threads:
            thread.join()  # blocking


class LimitedThreadingTCPServer(LimitedThreadingMixIn, socketserver.TCPServer):
    pass
# END SOLUTION
