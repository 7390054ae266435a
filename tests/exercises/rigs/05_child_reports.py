"""The rig of 05_child_reports: the handler and the subclass its tests run beside the
student's ReportingForkingTCPServer. The handler runs in a forked child; the rest in
the subject's own process (the parent)."""

import fcntl
import threading

import socketserver_edu as socketserver

# A child must never wait forever for its client's line. Longer than a test's client
# waits (2 s), so that the client always gives up first: the same message every run.
CHILD_WAITS_AT_MOST = 4.0


def reporting_handler(padding=0):
    """A handler that reports "served WORD" (plus padding dots), then answers "done"."""

    class ReportThenAnswer(socketserver.StreamRequestHandler):
        timeout = CHILD_WAITS_AT_MOST

        def handle(self):
            word = self.rfile.readline().strip().decode()
            self.server.report(f"served {word}" + "." * padding)
            self.wfile.write(b"done\n")

    return ReportThenAnswer


def watched(server_class):
    """A subclass of server_class that sets both_arrived once two reports are in."""

    class Watched(server_class):
        def __init__(self, *args, **kwargs):
            self.both_arrived = threading.Event()
            super().__init__(*args, **kwargs)

        def collect_reports(self):
            super().collect_reports()
            if len(self.reports) >= 2:
                self.both_arrived.set()

    return Watched


def roomy_pipe(server, size):
    """Let the server's report pipe hold size bytes (Linux: F_SETPIPE_SZ); return its new size.

    A pipe holds 64 KiB by default: more than that from children that nobody reads yet
    would make them wait in their write. A test that wants more in the pipe at once
    than even a 64 KiB read takes asks for a roomier pipe first.
    """
    return fcntl.fcntl(server._report_reader, fcntl.F_SETPIPE_SZ, size)


def decoding_errors_as_value_errors(server_class):
    """A subclass of server_class whose server_close() passes a UnicodeError on as a ValueError.

    The test process rebuilds an exception of the student's from its class name and message
    alone, and a UnicodeDecodeError cannot be built from a message: a ValueError can. The
    traceback stays the student's, so the report still finds the line that raised.
    """

    class DecodingErrorsAsValueErrors(server_class):
        def server_close(self):
            try:
                super().server_close()
            except UnicodeError as error:
                raise ValueError(f"{type(error).__name__}: {error}").with_traceback(
                    error.__traceback__) from None

    return DecodingErrorsAsValueErrors
