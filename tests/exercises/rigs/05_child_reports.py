"""The rig of 05_child_reports: the handler and the subclass its tests run beside the
student's ReportingForkingTCPServer. The handler runs in a forked child; the rest in
the subject's own process (the parent)."""

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
