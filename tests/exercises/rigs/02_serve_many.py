"""The rig of 02_serve_many: servers, handlers, and a watch on the loop, beside serve_many."""

import selectors
import threading
import types
from threading import Event  # noqa: F401 -- the test's `stop` is made here, beside serve_many

from socketserver_edu import StreamRequestHandler, TCPServer

# The selector classes a student's loop may take from the selectors module.
SELECTOR_CLASSES = ("DefaultSelector", "SelectSelector", "PollSelector", "EpollSelector",
                    "DevpollSelector", "KqueueSelector")


class LoopWatch:
    """What the student's loop is doing, seen from the servers and the selectors it uses.

    The exercise gets a selectors module whose selectors note their select() calls, their
    timeout and the servers registered with them; the servers note when the loop is inside
    one of their own blocking methods. A test can then wait until the loop is back in
    select() after a request (instead of guessing), and say what the loop was doing while
    a client got no answer, from what was seen, not from a guess about the code.
    """

    def __init__(self):
        self.calls = 0  # select() calls so far
        self.calls_when_served = None  # select() calls made before the last request was served
        self.selecting = 0  # select() calls that have not returned yet
        self.timeout = None  # the timeout of the last select() call
        self.watched = set()  # labels of the servers registered with a counting selector
        self.inside = {}  # label of a server -> its method the loop is inside now
        self.changed = threading.Condition()

    def install(self, exercise):
        """Put the counting selectors where the exercise's code finds them: its `selectors`."""
        module = types.SimpleNamespace(**vars(selectors))
        for name in SELECTOR_CLASSES:
            if hasattr(selectors, name):
                setattr(module, name, self._counting(getattr(selectors, name)))
        exercise.selectors = module

    def _counting(self, selector_class):
        owner = self

        class Counting(selector_class):
            def register(self, fileobj, events, data=None):
                key = super().register(fileobj, events, data)
                with owner.changed:
                    owner.watched.add(getattr(fileobj, "label", "?"))
                return key

            def unregister(self, fileobj):
                key = super().unregister(fileobj)
                with owner.changed:
                    owner.watched.discard(getattr(fileobj, "label", "?"))
                return key

            def select(self, timeout=None):
                with owner.changed:
                    owner.calls += 1
                    owner.selecting += 1
                    owner.timeout = timeout
                    owner.changed.notify_all()
                try:
                    return super().select(timeout)  # blocking
                finally:
                    with owner.changed:
                        owner.selecting -= 1

        return Counting

    def served(self):
        """Called by each handler: a request is being served now."""
        with self.changed:
            self.calls_when_served = self.calls

    def enter(self, label, method):
        with self.changed:
            self.inside[label] = method

    def leave(self, label):
        with self.changed:
            self.inside.pop(label, None)

    def report(self):
        """What the loop is doing now, as plain data for the test."""
        with self.changed:
            return {"calls": self.calls, "selecting": self.selecting > 0,
                    "timeout": self.timeout, "watched": sorted(self.watched),
                    "inside": dict(self.inside)}

    def wait_until_back_in_select(self, within):
        """Wait until select() is called again after the last request; False if not in time.

        A loop that takes no selector from our module (select.select, say) never counts:
        there is nothing to wait for.
        """
        with self.changed:
            if not self.calls_when_served:
                return False
            return self.changed.wait_for(lambda: self.calls > self.calls_when_served,
                                         within)  # blocking


watch = LoopWatch()  # one for the whole test: a test has a process of its own


class Server(TCPServer):
    """A TCPServer with a label ("A", "B") that notes when the loop is inside its blocking calls."""

    def __init__(self, server_address, RequestHandlerClass, label):
        self.label = label
        super().__init__(server_address, RequestHandlerClass)

    def handle_request(self):
        watch.enter(self.label, "handle_request")
        try:
            return super().handle_request()  # blocking, until this server has a client
        finally:
            watch.leave(self.label)

    def serve_forever(self, poll_interval=0.5):
        watch.enter(self.label, "serve_forever")
        try:
            return super().serve_forever(poll_interval)  # blocking, until shutdown()
        finally:
            watch.leave(self.label)


class Tagging(StreamRequestHandler):
    """Answers tag + the client's line, and notes which thread served it."""

    tag = b""
    threads_seen = []  # one list for every Tagging handler, like the watch

    def handle(self):
        Tagging.threads_seen.append(threading.current_thread().name)
        watch.served()
        self.wfile.write(self.tag + self.rfile.readline())


def tagging(tag):
    """A Tagging handler that answers with tag in front."""
    return type("Tagging", (Tagging,), {"tag": tag})
