"""The rig of 02_stop_after: what its tests run beside the student's StopAfterServer."""

import threading

import socketserver_edu as socketserver

# The longest a rig thread lingers for the test. Longer than any wait of the test (a client
# waits 2 s), so that a wrong answer gets the same message on every run.
LINGER = 5.0


class Upper(socketserver.StreamRequestHandler):
    """Answers one line with the same line in capitals."""

    def handle(self):
        self.wfile.write(self.rfile.readline().upper())


def slow_to_end(server_class):
    """A subclass of server_class whose shutdown() lingers after the loop has stopped.

    So the stopper thread is still alive until the test sets may_end: a server_close()
    that does not join it returns too early, and the test sees it.
    """

    class SlowToEnd(server_class):
        may_end = threading.Event()

        def shutdown(self):
            super().shutdown()
            self.may_end.wait(LINGER)  # blocking: the stopper thread lingers until the test says

    return SlowToEnd


def is_thread(value):
    """True if value is a threading.Thread (the class itself cannot cross to the test)."""
    return isinstance(value, threading.Thread)
