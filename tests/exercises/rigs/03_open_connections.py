"""The rig of 03_open_connections: handlers and a server built on the student's classes.

Each handler below holds only a handle(); handler(base, Behaviour) puts it on the
student's CountingHandler, whose setup() and finish() are what the tests check.
Handlers report to the test through server.news, and wait for it on server.release.
"""

import queue
import sys
import threading

# How long a handler holds its connection open, waiting for the test to release it:
# longer than any wait of the test's, so the test is the one that gives up first.
HOLD = 5.0


def handler(base, behaviour):
    """A subclass of base (the student's CountingHandler) that handles as behaviour does."""
    return type(behaviour.__name__, (behaviour, base), {})


def quiet_server(server_class, server_address, handler_class):
    """The exercise's server, reporting handler news and errors in one queue, in order.

    Handlers put ("inside", the count they see) into server.news; handle_error puts
    ("error", exception).
    Keeping the exception keeps its traceback, and so the handler, alive, as a server
    that logs its errors would: then nothing but finish() flushes the handler's wfile.
    """
    class Quiet(server_class):
        def __init__(self, server_address, handler_class):
            self.news = queue.Queue()  # filled from handler threads
            self.release = threading.Event()  # set by the test: waiting handlers go on
            super().__init__(server_address, handler_class)

        def handle_error(self, request, client_address):
            self.news.put(("error", sys.exc_info()[1]))

        def next_news(self, within):
            """The next item of news, or None if none came within seconds."""
            try:
                return self.news.get(timeout=within)  # blocking, at most within
            except queue.Empty:
                return None

    Quiet.__name__ = Quiet.__qualname__ = server_class.__name__  # the name messages show
    return Quiet(server_address, handler_class)


class Echo:
    def handle(self):
        self.wfile.write(self.rfile.readline())


class Waiting:
    def handle(self):
        self.server.news.put(("inside", self.server.open_connections))  # the count, seen from here
        self.server.release.wait(HOLD)  # blocking: hold the connection open


class Crashing:
    def handle(self):
        self.server.news.put(("inside", self.server.open_connections))
        raise ValueError("the handler crashed")


class WritesThenCrashes:
    def handle(self):
        self.wfile.write(b"partial answer\n")  # buffered: not sent yet
        raise ValueError("the handler crashed")


class AnswersTooLate:
    def handle(self):
        self.rfile.readline()
        self.server.news.put(("inside", self.server.open_connections))
        self.server.release.wait(HOLD)  # blocking, until the test has reset the connection
        self.wfile.write(b"an answer nobody will read\n")  # buffered until finish()


class BadTimeout:
    timeout = -1  # StreamRequestHandler.setup() passes it to settimeout(), which refuses it

    def handle(self):
        self.server.news.put(("inside", self.server.open_connections))
