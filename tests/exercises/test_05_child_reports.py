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
            except ValueError as error:
                if "UnicodeDecodeError" not in str(error):
                    raise
                # The rig passed the student's UnicodeDecodeError on as a ValueError.
                failure = AssertionError(
                    f"server_close() raised {error}. A read of the pipe can end in the middle "
                    f"of a character of several bytes (é, €, 😀): decode only whole reports")
                failure.place = getattr(error, "place", None)  # where it was raised
                raise failure from None


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


# Reports of characters of 2, 3 and 4 bytes in UTF-8, 24 of them, about 95 kB in all: more
# than the pipe holds by default, so the test makes the pipe roomier first. Read in pieces
# of any usual size, the stream is cut inside a character somewhere (checked below, for the
# sizes in USUAL_READ_SIZES; offline, for every size from 1 to 11952 bytes too).
USUAL_READ_SIZES = [1, 2, 3, 4, 8, 16, 64, 100, 256, 512, 1000, 1024, 2048, 4000, 4096, 8192,
                    10000, 16384, 32768, 50000, 60000, 64000, 65535, 65536]


def non_ascii_reports(count=24, most=3990):
    """count texts of at most most bytes of UTF-8 (with "served " in front: under 4000),
    of slightly different lengths, so that the characters fall differently in each."""
    texts = []
    for number in range(count):
        text, size = f"report {number}: ", most - (number * 13) % 29
        while len((text + "😀€é").encode()) <= size:
            text += "😀€é"
        texts.append(text + "." * (size - len(text.encode())))
    return texts


def cut_inside_a_character(stream, read_size):
    """True if reading stream in pieces of read_size bytes ends a piece inside a character."""
    # A byte 10xxxxxx continues a character: a piece that ends just before one cuts it.
    return any(stream[end] & 0xC0 == 0x80 for end in range(read_size, len(stream), read_size))


def test_non_ascii_reports_cut_between_two_reads_arrive_whole(subject):
    texts = non_ascii_reports()
    stream = "".join(f"served {text}\n" for text in texts).encode()
    assert all(cut_inside_a_character(stream, size) for size in USUAL_READ_SIZES)  # the test's own
    server_class = subject.rig.decoding_errors_as_value_errors(
        subject.exercise.ReportingForkingTCPServer)
    server = server_class(ADDRESS, subject.rig.reporting_handler())
    with closing(subject, server):
        assert subject.rig.roomy_pipe(server, 2 * len(stream)) >= len(stream)
        for text in texts:  # nothing collects until server_close(): all of it waits in the pipe
            assert ask(server, text.encode(), handle_one=True) == b"done\n", (
                "the child did not answer: did report() raise?")
    reports = server.reports
    assert reports == [f"served {text}" for text in texts], (
        f"{len(texts)} children each sent one report of about 4000 bytes of UTF-8 (é, €, 😀: "
        f"characters of 2 to 4 bytes); self.reports holds {len(reports)} reports, not all of "
        f"them whole and in order")


def test_server_close_closes_both_ends_of_the_pipe(subject):
    # The subject's descriptors, read from /proc here: not what its code says it did.
    pipes_before = subject.descriptors("pipe")
    server = subject.exercise.ReportingForkingTCPServer(ADDRESS, subject.rig.reporting_handler())
    with closing(subject, server):
        assert len(subject.descriptors("pipe") - pipes_before) == 2  # the two ends made in __init__
    assert subject.descriptors("pipe") == pipes_before, (
        "server_close() should os.close() both ends of the pipe")
