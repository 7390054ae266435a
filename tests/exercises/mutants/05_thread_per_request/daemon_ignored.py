# A wrong answer to 05_thread_per_request that students write: daemon ignored.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 05_thread_per_request: your own ThreadingMixIn.

Chapter 05 showed that a synchronous server runs the whole pipeline for one request
before it accepts the next. Write ThreadPerRequestMixIn, which hands each request to a
new thread so the server loop goes straight back to accepting:

- process_request(request, client_address): start a thread that runs
  handle_in_thread(request, client_address), and return at once. Its daemon flag is
  self.daemon_threads. When self.block_on_close is true and the thread is not a
  daemon, remember it in self.handler_threads.
- handle_in_thread(request, client_address): the synchronous pipeline, inside the
  thread: finish_request; if that raises an Exception, handle_error; and in every
  case shutdown_request, so the connection is always closed.
- server_close(): close the server as usual (super()), then wait for (join) every
  remembered handler thread.

ThreadPerRequestTCPServer puts your mixin first, in front of TCPServer (the MRO).

Check it: socketserver-edu check 05_thread_per_request
   (or: pytest tests/exercises/test_05_thread_per_request.py --target=exercises)
"""

import threading

import socketserver_edu as socketserver


class ThreadPerRequestMixIn:
    """Handle each request in a new thread; server_close() waits for the non-daemon ones."""

    daemon_threads = False  # True: handler threads are daemons, and nobody waits for them
    block_on_close = True  # True: server_close() joins the handler threads

    def __init__(self, *args, **kwargs):
        # Before super().__init__: if binding fails there, server_close() runs and reads it.
        self.handler_threads = []  # the threads server_close() must wait for
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        """Start a thread that handles the request, and return at once."""
        # BEGIN SOLUTION
        # TODO: make a threading.Thread whose target is self.handle_in_thread, with
        # args=(request, client_address) and daemon=self.daemon_threads. If
        # self.block_on_close is true and the thread is not a daemon, append it to
        # self.handler_threads. Start it, and return without waiting for it.
        thread = threading.Thread(target=self.handle_in_thread,
                                  args=(request, client_address),
                                  )
        if self.block_on_close and not thread.daemon:
            self.handler_threads.append(thread)
        thread.start()
        # END SOLUTION

    def handle_in_thread(self, request, client_address):
        """In the new thread: run the handler, report its errors, always close the connection."""
        # BEGIN SOLUTION
        # TODO: call self.finish_request(request, client_address). If it raises an
        # Exception, call self.handle_error(request, client_address) (do not let the
        # exception escape: nobody would catch it in this thread). Whatever happened,
        # finish with self.shutdown_request(request) (try / except / finally).
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
        # END SOLUTION

    def server_close(self):
        """Close the server, then wait for the remembered handler threads to end."""
        # BEGIN SOLUTION
        # TODO: call super().server_close() to close the listening socket, then join()
        # every thread in self.handler_threads (join waits until a thread has ended).
        super().server_close()
        for thread in self.handler_threads:
            thread.join()  # blocking
        # END SOLUTION


class ThreadPerRequestTCPServer(ThreadPerRequestMixIn, socketserver.TCPServer):
    pass
