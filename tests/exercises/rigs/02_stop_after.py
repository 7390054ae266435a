"""The rig of 02_stop_after: what its tests run beside the student's StopAfterServer."""

import threading

import socketserver_edu as socketserver

# The longest a rig thread lingers for the test. Longer than any wait of the test (a client
# waits 2 s), so that a wrong answer gets the same message on every run.
LINGER = 5.0
# Threads of the subject that the harness or the test started, not the student's server.
NOT_THE_SERVERS = {"MainThread", "channel", "serve_forever", "server_close"}


class Upper(socketserver.StreamRequestHandler):
    """Answers one line with the same line in capitals."""

    def handle(self):
        self.wfile.write(self.rfile.readline().upper())


def slow_to_end(server_class):
    """A subclass of server_class whose shutdown() lingers after the loop has stopped.

    So a thread that calls shutdown() is still alive until the test sets may_end: a
    server_close() that does not wait for it returns too early, and the test sees it.
    shutdown_calls counts the calls, so the test knows whether the stop went that way.
    """

    class SlowToEnd(server_class):
        may_end = threading.Event()
        shutdown_calls = 0

        def shutdown(self):
            SlowToEnd.shutdown_calls += 1
            super().shutdown()
            self.may_end.wait(LINGER)  # blocking: the caller lingers until the test says

    return SlowToEnd


def late_to_stop(server_class):
    """A subclass of server_class whose shutdown() starts its work only once may_stop is set.

    A thread that calls shutdown() may start late, and the loop turns on meanwhile: here it
    always does, until the test sets may_stop. So a server that relies on the stop to come
    in time serves a client still waiting at the limit, on every run, not once in a while.
    """

    class LateToStop(server_class):
        may_stop = threading.Event()

        def shutdown(self):
            self.may_stop.wait(LINGER)  # blocking: the stop starts when the test says
            super().shutdown()

    return LateToStop


def servers_threads():
    """The names of the threads still running that the student's server started, sorted."""
    return sorted(thread.name for thread in threading.enumerate()
                  if thread.is_alive() and thread.name not in NOT_THE_SERVERS)
