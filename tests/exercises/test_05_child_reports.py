"""05_child_reports: forked children send report lines home to the parent through a pipe."""

import contextlib
import socket

import pytest

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "05_child_reports"
ADDRESS = ("127.0.0.1", 0)
pytestmark = pytest.mark.forking


@contextlib.contextmanager
def closing(subject, server):
    """Close the server after the block. (A server_close() that raises leaves its socket
    and pipe open: they end with the subject's sandbox, after the test.)"""
    try:
        yield server
    finally:
        if subject.usable():  # else the first failure is the one worth reading
            try:
                server.server_close()
            except BlockingIOError as error:
                raise AssertionError(
                    f"server_close() raised {error!r}: reading an empty non-blocking pipe "
                    f"raises BlockingIOError, and that means 'nothing more for now'") from None
            except OSError as error:
                raise AssertionError(
                    f"server_close() raised {error!r}: was a descriptor used after it was "
                    f"closed?") from None


@contextlib.contextmanager
def serving(subject, server):
    """Run serve_forever in a thread of the subject for the block, then stop it and close
    the server.

    An exception that ends serve_forever (raised by collect_reports, say) goes into the
    list this yields, instead of failing the test at once.
    """
    loop_errors = []
    with closing(subject, server):
        loop = subject.start(server.serve_forever, 0.01, thread="serve_forever")
        try:
            yield loop_errors
        finally:
            if subject.usable():
                server.shutdown()
                try:
                    loop.result()
                except Exception as error:
                    loop_errors.append(error)


def ask(server, word, *, handle_one=False):
    """Send word to the server, return its answer line (b"" if it hung up)."""
    with socket.create_connection(server.server_address, timeout=ANSWER_WITHIN) as client:
        client.sendall(word + b"\n")
        if handle_one:
            server.handle_request()  # accept and fork, in the subject's main thread
        return client.makefile("rb").readline()  # blocking


def test_a_childs_report_reaches_the_parent(subject):
    server = subject.exercise.ReportingForkingTCPServer(ADDRESS, subject.rig.reporting_handler())
    with serving(subject, server):
        assert ask(server, b"apple") == b"done\n", "the child did not answer: did report() raise?"
    assert server.reports == ["served apple"], (
        "after server_close() the parent should hold the child's report line")


def test_reports_arrive_while_the_server_is_still_running(subject):
    watched = subject.rig.watched(subject.exercise.ReportingForkingTCPServer)
    server = watched(ADDRESS, subject.rig.reporting_handler())
    with serving(subject, server) as loop_errors:
        for word in (b"one", b"two"):
            assert ask(server, word) == b"done\n", "the child did not answer: did report() raise?"
        arrived = server.both_arrived.wait(ANSWER_WITHIN)  # blocking
        reports_while_running = server.reports  # a copy, taken now
    assert not loop_errors, f"serve_forever() stopped: {loop_errors[0]!r}"
    assert arrived, "collect_reports() (called by service_actions) should bring in the reports"
    assert reports_while_running == ["served one", "served two"]


def test_many_long_reports_arrive_whole_and_in_order(subject):
    # Nothing collects until server_close(): about 20 kB wait in the pipe by then,
    # more than one os.read() of 4096 bytes returns.
    words = [f"client{number}".encode() for number in range(20)]
    server = subject.exercise.ReportingForkingTCPServer(ADDRESS, subject.rig.reporting_handler(1000))
    with closing(subject, server):
        for word in words:
            assert ask(server, word, handle_one=True) == b"done\n", (
                "the child did not answer: did report() raise?")
    expected = [f"served {word.decode()}" + "." * 1000 for word in words]
    reports = server.reports
    assert len(reports) == len(expected), (
        f"{len(expected)} children sent one report each, but self.reports holds "
        f"{len(reports)} (fewer: reports were glued together or left in the pipe; more: "
        f"a report was cut in two)")
    assert reports == expected, "the report lines arrived cut or mixed"


def test_server_close_closes_both_ends_of_the_pipe(subject):
    # The subject's descriptors, read from /proc here: not what its code says it did.
    pipes_before = subject.descriptors("pipe")
    server = subject.exercise.ReportingForkingTCPServer(ADDRESS, subject.rig.reporting_handler())
    with closing(subject, server):
        assert len(subject.descriptors("pipe") - pipes_before) == 2  # the two ends made in __init__
    assert subject.descriptors("pipe") == pipes_before, (
        "server_close() should os.close() both ends of the pipe")
