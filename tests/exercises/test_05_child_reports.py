"""05_child_reports: forked children send report lines home to the parent through a pipe."""

import contextlib
import os
import socket
import threading

import pytest

from tests.exercises.conftest import ANSWER_WITHIN
from tests.support import open_descriptors

EXERCISE = "05_child_reports"
ADDRESS = ("127.0.0.1", 0)
pytestmark = pytest.mark.forking


def reporting_handler(exercise, padding=0):
    """A handler that reports "served WORD" (plus padding dots), then answers "done"."""

    class ReportThenAnswer(exercise.socketserver.StreamRequestHandler):
        timeout = ANSWER_WITHIN  # a child must never wait forever

        def handle(self):
            word = self.rfile.readline().strip().decode()
            self.server.report(f"served {word}" + "." * padding)
            self.wfile.write(b"done\n")

    return ReportThenAnswer


@contextlib.contextmanager
def closing(server):
    """Close the server after the block, and release its socket and pipe even if
    server_close() raises (an unfinished exercise), so one failure stays one failure."""
    try:
        yield server
    finally:
        try:
            server.server_close()
        except BaseException:
            server.socket.close()  # does nothing if server_close() closed it already
            for end in (server._report_reader, server._report_writer):
                with contextlib.suppress(OSError):  # closed already
                    os.close(end)
            raise


@contextlib.contextmanager
def serving(server):
    """Run serve_forever in a thread for the block, then stop it and close the server.

    An exception that ends serve_forever (raised by collect_reports, say) is kept in
    server.loop_errors instead of crashing the thread.
    """
    server.loop_errors = []

    def serve():
        try:
            server.serve_forever(0.01)
        except Exception as error:
            server.loop_errors.append(error)

    with closing(server):
        loop = threading.Thread(target=serve, name="serve_forever")
        loop.start()
        try:
            yield server
        finally:
            server.shutdown()
            loop.join()  # blocking


def ask(server, word, *, handle_one=False):
    """Send word to the server, return its answer line (b"" if it hung up)."""
    with socket.create_connection(server.server_address, timeout=ANSWER_WITHIN) as client:
        client.sendall(word + b"\n")
        if handle_one:
            server.handle_request()  # accept and fork, in this thread
        return client.makefile("rb").readline()  # blocking


def open_pipes():
    """The descriptors of this process that are pipes."""
    return open_descriptors("pipe")


def test_a_childs_report_reaches_the_parent(exercise):
    with serving(exercise.ReportingForkingTCPServer(ADDRESS, reporting_handler(exercise))) as server:
        assert ask(server, b"apple") == b"done\n", "the child did not answer: did report() raise?"
    assert server.reports == ["served apple"], (
        "after server_close() the parent should hold the child's report line")


def test_reports_arrive_while_the_server_is_still_running(exercise):
    class Watched(exercise.ReportingForkingTCPServer):
        def __init__(self, *args):
            self.both_arrived = threading.Event()
            super().__init__(*args)

        def collect_reports(self):
            super().collect_reports()
            if len(self.reports) >= 2:
                self.both_arrived.set()

    with serving(Watched(ADDRESS, reporting_handler(exercise))) as server:
        for word in (b"one", b"two"):
            assert ask(server, word) == b"done\n", "the child did not answer: did report() raise?"
        arrived = server.both_arrived.wait(ANSWER_WITHIN)  # blocking
        reports_while_running = list(server.reports)
    assert not server.loop_errors, f"serve_forever() stopped: {server.loop_errors[0]!r}"
    assert arrived, "collect_reports() (called by service_actions) should bring in the reports"
    assert reports_while_running == ["served one", "served two"]


def test_many_long_reports_arrive_whole_and_in_order(exercise):
    # Nothing collects until server_close(): about 20 kB wait in the pipe by then,
    # more than one os.read() of 4096 bytes returns.
    words = [f"client{number}".encode() for number in range(20)]
    with closing(exercise.ReportingForkingTCPServer(ADDRESS, reporting_handler(exercise, 1000))) as server:
        for word in words:
            assert ask(server, word, handle_one=True) == b"done\n", (
                "the child did not answer: did report() raise?")
    expected = [f"served {word.decode()}" + "." * 1000 for word in words]
    assert len(server.reports) == len(expected), (
        f"expected {len(expected)} report lines, got {len(server.reports)}: split into lines "
        f"only after reading everything (one read may end in the middle of a line)")
    assert server.reports == expected, "the report lines arrived cut or mixed"


def test_server_close_closes_both_ends_of_the_pipe(exercise):
    pipes_before = open_pipes()
    with closing(exercise.ReportingForkingTCPServer(ADDRESS, reporting_handler(exercise))):
        assert len(open_pipes() - pipes_before) == 2  # the two ends made in __init__
    assert open_pipes() == pipes_before, "server_close() should os.close() both ends of the pipe"
