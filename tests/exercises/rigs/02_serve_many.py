"""The rig of 02_serve_many: servers, handlers, and a watch on select(), beside serve_many."""

import selectors
import threading
import types
from threading import Event  # noqa: F401 -- the test's `stop` is made here, beside serve_many

from socketserver_edu import StreamRequestHandler, TCPServer  # noqa: F401 -- for the test

# The selector classes a student's loop may take from the selectors module.
SELECTOR_CLASSES = ("DefaultSelector", "SelectSelector", "PollSelector", "EpollSelector",
                    "DevpollSelector", "KqueueSelector")


class SelectWatch:
    """Gives the exercise a selectors module whose selectors count their select() calls.

    Then a test can wait until the loop is back in select() after a request, instead of
    guessing: the moment to set stop when only the timeout can wake the loop.
    """

    def __init__(self):
        self.calls = 0
        self.calls_when_served = None  # select() calls made before the last request was served
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
            def select(self, timeout=None):
                with owner.changed:
                    owner.calls += 1
                    owner.changed.notify_all()
                return super().select(timeout)  # blocking

        return Counting

    def served(self):
        """Called by each handler: a request is being served now."""
        with self.changed:
            self.calls_when_served = self.calls

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


watch = SelectWatch()  # one for the whole test: a test has a process of its own


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
