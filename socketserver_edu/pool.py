"""A bounded worker pool: a fixed set of threads handles the requests, fed by a queue.

Why a pool: ThreadingMixIn starts a new thread for every connection and never
says no, so a flood of connections becomes a flood of threads, each with its
own stack, until memory or the thread limit runs out and the whole server
fails. A pool turns that around: pool_size threads are started once and take
the requests one after another, at most queue_size more connections may wait
for them, and the server decides in advance what happens beyond that.

What a client sees when every worker is busy and the queue is full:

- when_full = "refuse": its connection is accepted, it reads refusal_message
  (one short line) and then end-of-file. It learns at once that it should
  come back later; the server spends almost nothing on it.
- when_full = "wait": the accept loop stops accepting until a worker is free
  (backpressure). The client's connect() still succeeds, because the kernel
  completes the handshake and holds the connection in the listen backlog
  (request_queue_size); what it sends is kept too. It simply gets no answer
  yet, and is served once its turn comes. When the backlog is full as well,
  new connect() calls stall while the kernel drops their handshakes.
"""

import queue
import threading

from .mixins import ThreadingMixIn
from .servers import TCPServer, UnixStreamServer
from .wakeup import InstantShutdownMixIn

_STOP = object()  # put in the queue once per worker: the worker that takes it exits
_WHEN_FULL_CHOICES = ("refuse", "wait")


class WorkerPoolMixIn:
    """Handle requests on a fixed set of worker threads fed by a bounded queue.

    The settings are read when the server is built; the workers start on the
    first request, so a server that never serves starts no thread.
    """

    pool_size = 8  # worker threads
    queue_size = 32  # accepted connections that may wait for a free worker
    when_full = "refuse"  # "refuse" or "wait": what to do with a connection beyond those
    refusal_message = b"busy: try again later\r\n"  # what a refused client reads

    def __init__(self, *args, **kwargs):
        # Before super().__init__: if binding fails there, server_close() runs and expects these.
        self._requests = queue.SimpleQueue()
        self._workers = []
        self._closed = False
        self._lock = threading.Lock()  # guards _workers and _closed
        super().__init__(*args, **kwargs)
        # Checked after super().__init__, so that server_close() can release what it built.
        problem = self._settings_problem()
        if problem:
            self.server_close()
            raise ValueError(problem)
        # One place per request accepted and not yet finished, running or waiting.
        # The places bound the queue. A queue.Queue(maxsize) alone would count a
        # request that an idle worker has not picked up yet as waiting, and so
        # refuse too early in a burst.
        self._places = threading.BoundedSemaphore(self.pool_size + self.queue_size)

    def _settings_problem(self):
        """The first thing wrong with the settings, or None."""
        if self.when_full not in _WHEN_FULL_CHOICES:
            return f"when_full must be 'refuse' or 'wait', not {self.when_full!r}"
        if self.pool_size < 1:
            return f"pool_size must be at least 1, not {self.pool_size!r}"
        if self.queue_size < 0:
            return f"queue_size must be 0 or more, not {self.queue_size!r}"
        return None

    def process_request(self, request, client_address):
        """Queue the request for a worker; when every place is taken, refuse it or wait.

        In "wait" mode this holds up the accept loop, and so shutdown() too, until
        a worker finishes a request, just as a synchronous server's shutdown()
        waits for the request in hand.
        """
        if not self._places.acquire(blocking=self.when_full == "wait"):  # blocking in "wait" mode
            self.handle_refusal(request, client_address)
            return
        with self._lock:  # so that server_close() cannot slip in between the check and the put
            if not self._closed:
                if not self._workers:
                    self._start_workers()
                self._requests.put((request, client_address))
                return
        # server_close() ran while we waited for a place: no worker is left to serve it.
        self._places.release()
        self.handle_refusal(request, client_address)

    def handle_refusal(self, request, client_address):
        """Hook: tell the client the server is full (refusal_message), then end its request."""
        try:
            # A short line fits in the empty send buffer of a new connection,
            # so this does not hold up the accept loop.
            request.sendall(self.refusal_message)
        except OSError:
            pass  # the client has gone already
        self.shutdown_request(request)

    # A worker runs each request exactly as a ThreadingMixIn thread does: the synchronous
    # pipeline, with errors reported and the request always shut down.
    process_request_thread = ThreadingMixIn.process_request_thread

    def _start_workers(self):
        """Start pool_size worker threads; called once, holding _lock."""
        for number in range(1, self.pool_size + 1):
            # Daemon threads: a program that ends without server_close() must not
            # hang at exit on workers that wait for requests that never come.
            worker = threading.Thread(target=self._work, name=f"pool-worker-{number}",
                                      daemon=True)
            worker.start()
            self._workers.append(worker)

    def _work(self):
        """The body of a worker thread: serve queued requests until it takes _STOP."""
        while (item := self._requests.get()) is not _STOP:  # blocking
            request, client_address = item
            try:
                self.process_request_thread(request, client_address)
            finally:
                self._places.release()

    def server_close(self):
        """Close the listener, let the workers finish the queued requests, then stop and join them."""
        super().server_close()
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
            for _ in workers:
                # Behind the requests already queued, so those are served first.
                self._requests.put(_STOP)
        for worker in workers:
            worker.join()  # blocking


class WorkerPoolTCPServer(InstantShutdownMixIn, WorkerPoolMixIn, TCPServer): pass
class WorkerPoolUnixStreamServer(InstantShutdownMixIn, WorkerPoolMixIn, UnixStreamServer): pass
