"""Concurrency mixins: handle each request in a new thread or a new process.

A mixin goes first in the class bases, so that its process_request() is found
before the synchronous one of BaseServer (see the MRO, chapter 05).
"""

import os
import threading


class ThreadingMixIn:
    """Handle each request in a new thread; serve_forever() goes straight back to accepting."""

    daemon_threads = False  # True: handler threads do not keep the program alive at exit
    block_on_close = True  # True: server_close() waits for the handler threads to end

    def process_request(self, request, client_address):
        """Start a thread that handles the request, and return at once."""
        thread = threading.Thread(target=self.process_request_thread,
                                  args=(request, client_address),
                                  daemon=self.daemon_threads)
        if self.block_on_close and not thread.daemon:
            self._remember_thread(thread)
        thread.start()

    def process_request_thread(self, request, client_address):
        """The body of a handler thread: the synchronous pipeline, with errors reported."""
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def _remember_thread(self, thread):
        # Forget finished threads first, so a long-running server keeps a short list.
        threads = vars(self).setdefault("_threads", [])
        threads[:] = [t for t in threads if t.is_alive()]
        threads.append(thread)

    def server_close(self):
        """Close the server, then wait for the handler threads still running."""
        super().server_close()
        for thread in vars(self).pop("_threads", []):
            thread.join()  # blocking


class ForkingMixIn:
    """Handle each request in a new child process (fork), at most max_children at a time.

    A deliberate difference from the stdlib: when max_children are running, the
    stdlib waits for one to exit inside waitpid() and shutdown() cannot stop it.
    Here that wait looks at the shutdown request too, so shutdown() still works.
    """

    timeout = 300  # handle_request() reaps children at least this often
    active_children = None  # PIDs of the children not yet reaped
    max_children = 40  # at this many, wait for one to exit before the next request
    block_on_close = True  # True: server_close() waits for every child to exit
    reap_interval = 0.01  # seconds between looks at the children while at max_children

    def collect_children(self, *, blocking=False):
        """Reap the children that have exited; at max_children, wait until one has."""
        if self.active_children is None:
            return
        while len(self.active_children) >= self.max_children:
            self._reap(blocking=False)
            if len(self.active_children) < self.max_children:
                break
            if self._shutdown_requested.wait(self.reap_interval):
                break  # shutdown() was called: give the loop a chance to stop
        self._reap(blocking)

    def _reap(self, blocking):
        # A child that has exited stays a zombie until waitpid() collects its status.
        for pid in list(self.active_children):
            try:
                done, _status = os.waitpid(pid, 0 if blocking else os.WNOHANG)
            except ChildProcessError:
                done = pid  # somebody else reaped it
            if done:
                self.active_children.discard(pid)

    def handle_timeout(self):
        """Reap children while handle_request() has nothing else to do."""
        self.collect_children()

    def service_actions(self):
        """Reap children once per serve_forever() loop."""
        self.collect_children()

    def process_request(self, request, client_address):
        """Fork: the child handles the request and exits; the parent goes back to accepting."""
        pid = os.fork()
        if pid:  # the parent: the child owns the request now
            if self.active_children is None:
                self.active_children = set()
            self.active_children.add(pid)
            self.close_request(request)
            return
        # The child. It must never return into the server loop: os._exit() at the end,
        # skipping the parent's cleanup code (atexit, finally blocks up the stack).
        status = 1
        try:
            self.finish_request(request, client_address)
            status = 0
        except Exception:
            self.handle_error(request, client_address)
        finally:
            try:
                self.shutdown_request(request)
            finally:
                os._exit(status)

    def server_close(self):
        """Close the server, then reap the children (waiting for them if block_on_close)."""
        super().server_close()
        self.collect_children(blocking=self.block_on_close)
