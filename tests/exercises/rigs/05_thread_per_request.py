"""The rig of 05_thread_per_request: handlers and small subclasses its tests run beside
the student's LimitedThreadingTCPServer. Thread objects stay here; the test sees them as
Remotes (their .name, .daemon, .is_alive(), .join() work through the channel)."""

import sys
import threading

import socketserver_edu as socketserver

# Waits here are longer than the test's client waits (2 s), so that with the same wrong
# code the client always gives up first and the message is the same on every run.
# Two handler threads of a correct server meet within milliseconds.
MEETING_WITHIN = 10.0
# How long a handler "works" at most when the test never releases it: longer than the
# test watches server_close() (1 s), so a handler cannot end on its own while it looks.
WORK_AT_MOST = 4.0


def meeting_handler():
    """A handler that waits until a second handler has come in too, then says "met".

    If the other never comes (the handlers run one after the other), it says "alone",
    when the barrier times out or when the test breaks it (both_in.abort()).
    """

    class Meeting(socketserver.StreamRequestHandler):
        both_in = threading.Barrier(2, timeout=MEETING_WITHIN)

        def handle(self):
            try:
                self.both_in.wait()  # blocking, until the other handler is here too
                self.wfile.write(b"met")
            except threading.BrokenBarrierError:
                self.wfile.write(b"alone")

    return Meeting


class CrashOnRequest(socketserver.StreamRequestHandler):
    """Echoes one line; the line b"crash" makes it raise ValueError instead."""

    def handle(self):
        line = self.rfile.readline()
        if line == b"crash\n":
            raise ValueError("the handler crashed")
        self.wfile.write(line)


def recording(server_class):
    """A subclass of server_class whose handle_error() notes what it saw, and in which thread.

    server.errors: [(the exception, the name of the thread that reported it)];
    server.reporters: the threads that called handle_error(), in order;
    server.reported: an Event, set at the first report.
    """

    class Recording(server_class):
        def __init__(self, *args, **kwargs):
            self.errors = []
            self.reporters = []
            self.reported = threading.Event()
            super().__init__(*args, **kwargs)

        def handle_error(self, request, client_address):
            self.errors.append((sys.exc_info()[1], threading.current_thread().name))
            self.reporters.append(threading.current_thread())
            self.reported.set()

    return Recording


def working_handler():
    """A handler that says "started", then works until Working.release is set.

    Working.threads: the threads it ran in, in order.
    """

    class Working(socketserver.StreamRequestHandler):
        release = threading.Event()
        threads = []

        def handle(self):
            self.threads.append(threading.current_thread())
            self.wfile.write(b"started\n")
            self.release.wait(WORK_AT_MOST)  # blocking: the work lasts until the test says so

    return Working


def remembering_handler():
    """A handler that only notes its thread: RememberMyThread.threads."""

    class RememberMyThread(socketserver.StreamRequestHandler):
        threads = []

        def handle(self):
            self.threads.append(threading.current_thread())

    return RememberMyThread


def configured(server_class, **attributes):
    """A subclass of server_class with class attributes set (block_on_close=False, say)."""
    return type(server_class.__name__, (server_class,), attributes)


# How long a held thread waits for the test to let it go, at most: longer than a test's
# client waits (2 s), so the client always gives up first and the message is the same.
HOLD_AT_MOST = 4.0


class HeldStarts:
    """Hold, at their very start, the threads that the serving thread starts.

    While it is installed, a thread started from the thread named serving (the one that
    runs serve_forever) waits, before its target runs, until open() is called. So the
    test decides when handler threads begin: with every handler thread held, only what
    the serving thread does itself can reach a client. Threads started from any other
    thread (the harness's, the test's) are left alone.

    held.started: how many threads the serving thread has started since install.
    """

    def __init__(self, serving="serve_forever"):
        self.serving = serving
        self.opened = threading.Event()
        self.changed = threading.Condition()
        self.started = 0
        self.original_start = threading.Thread.start
        gate = self

        def start(thread, *args, **kwargs):
            if threading.current_thread().name == gate.serving and not gate.opened.is_set():
                gate.hold(thread)
            return gate.original_start(thread, *args, **kwargs)

        threading.Thread.start = start

    def hold(self, thread):
        run = thread.run  # the student's own run() too, if the thread is of a subclass

        def held_run():
            self.opened.wait(HOLD_AT_MOST)  # blocking, until the test lets the thread go
            run()

        thread.run = held_run  # the instance attribute wins over the class's method
        with self.changed:
            self.started += 1
            self.changed.notify_all()

    def wait_started(self, count, within):
        """Wait at most within seconds until the serving thread has started count threads;
        return how many it has started."""
        with self.changed:
            self.changed.wait_for(lambda: self.started >= count, within)
            return self.started

    def open(self):
        """Let every held thread go, start no more held ones, and put Thread.start back."""
        self.opened.set()
        threading.Thread.start = self.original_start


def held_starts():
    """A HeldStarts, installed now, for the thread that subject.running() calls serve_forever."""
    return HeldStarts()
