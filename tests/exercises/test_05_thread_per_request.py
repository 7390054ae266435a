"""05_thread_per_request: a thread per request, at most max_threads at once, "busy" beyond;
errors handled, connections closed, threads joined as block_on_close and daemon_threads say."""

import contextlib
import socket

import pytest

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "05_thread_per_request"
ADDRESS = ("127.0.0.1", 0)
# How long the test watches server_close() before it calls it "waiting" or "returned".
# A correct server_close() takes microseconds to return, or waits until released.
WATCH_CLOSE = 0.5


def waited_in_the_serving_thread(message, place):
    """A failure to raise, whose place (in the report) is where the serving thread is in the
    student's file: there, not in a handler's thread, is the code that kept the client waiting."""
    error = AssertionError(message)
    error.place = place  # (function, line), or None: the report then finds a place itself
    return error


def serving_thread_place(subject):
    """(function, line) in the student's file where the thread that runs serve_forever() is now;
    None if it is not in the student's code (waiting for a client in serve_forever, say)."""
    for thread in subject.where():
        if isinstance(thread, dict) and thread.get("thread") == "serve_forever" \
                and thread.get("student"):
            return tuple(thread["student"][-1])
    return None


def server_class(subject, **attributes):
    """The student's LimitedThreadingTCPServer, with class attributes set in a subclass."""
    try:
        cls = subject.exercise.LimitedThreadingTCPServer
    except AttributeError:
        pytest.fail("there is no class LimitedThreadingTCPServer in your file", pytrace=False)
    return subject.rig.configured(cls, **attributes) if attributes else cls


def connect(server):
    return socket.create_connection(server.server_address, timeout=ANSWER_WITHIN)


def read_all(client):
    """Read until the server closes the connection; None if it stays open."""
    chunks = []
    try:
        while chunk := client.recv(4096):  # blocking
            chunks.append(chunk)
    except TimeoutError:
        return None
    return b"".join(chunks)


def read_line(client):
    """One line from the server (b"" if it hung up first); None if nothing came in time."""
    line = b""
    try:
        while not line.endswith(b"\n") and (byte := client.recv(1)):  # blocking
            line += byte
    except TimeoutError:
        return None
    return line


@contextlib.contextmanager
def serving(subject, server):
    """Run serve_forever in a thread of the subject for the block, then stop it; the
    server stays open (the test closes it)."""
    loop = subject.start(server.serve_forever, 0.01, thread="serve_forever")
    try:
        yield server
    finally:
        if subject.usable():  # else the first failure is the one worth reading
            server.shutdown()
            loop.result()


def start_one_working_request(subject, server, working):
    """Serve until one handler has started, then stop the loop (not the handler)."""
    with serving(subject, server):
        with connect(server) as client:
            started = read_line(client)  # blocking
        threads = working.threads
        if threads and threads[0].name == "serve_forever":
            # A handler in the loop's own thread would keep shutdown() waiting.
            working.release.set()
    assert started == b"started\n", "the handler never started: the client got no answer"
    assert not working.release.is_set(), "the handler runs in the server loop's thread, not its own"


def test_two_handlers_run_at_the_same_time(subject):
    meeting = subject.rig.meeting_handler()
    with subject.running(server_class(subject)(ADDRESS, meeting)) as server:
        try:
            with connect(server) as first, connect(server) as second:
                answers = [read_all(first)]
                # A handler still waiting for the other one in vain gives up now (b"alone"),
                # so the second answer comes at once and shutdown() does not wait.
                meeting.both_in.abort()
                answers.append(read_all(second))
        finally:
            meeting.both_in.abort()
        assert answers == [b"met", b"met"], (  # here: a failure leaves the server as it is
            f"each handler should run in its own thread, at the same time as the other; the "
            f"clients got {answers} (b'alone': a handler waited for the other in vain; None: "
            f"no answer within {ANSWER_WITHIN:g} s, the first handler kept the server busy)")


def test_an_exception_goes_to_handle_error_and_the_connection_is_closed(subject):
    recording = subject.rig.recording(server_class(subject))
    with subject.running(recording(ADDRESS, subject.rig.CrashOnRequest)) as server:
        with connect(server) as client:
            client.sendall(b"crash\n")
            after_crash = read_all(client)
        assert server.reported.wait(ANSWER_WITHIN), "handle_error() was never called"
        with connect(server) as client:
            client.sendall(b"still there?\n")
            next_answer = read_all(client)
    assert after_crash is not None, "after a crash the connection should be closed"
    [(error, thread_name)] = server.errors  # (what handle_error() saw, its thread's name)
    assert error is not None and error.is_a(ValueError), (
        f"handle_error() should see the handler's ValueError, not {error}")
    assert thread_name != "serve_forever", "handle_error() should run in the handler's thread"
    assert next_answer == b"still there?\n", "after a crash the server should serve the next client"


def test_beyond_max_threads_a_client_is_told_busy_and_a_place_frees_when_a_handler_ends(subject):
    working = subject.rig.working_handler()
    with subject.running(server_class(subject, max_threads=2)(ADDRESS, working)) as server:
        with connect(server) as first, connect(server) as second:
            starts = [read_line(first), read_line(second)]
            assert starts == [b"started\n", b"started\n"], (
                f"with max_threads = 2, two clients at once should both be served; they got "
                f"{starts} (None: no answer within {ANSWER_WITHIN:g} s)")
            with connect(server) as third:
                turned_away = read_line(third)
                assert turned_away != b"started\n", (
                    "with max_threads = 2 and two handlers running, a third client was served: "
                    "at most max_threads handlers may run at once")
                if turned_away is None:  # the serving thread may be waiting: say where
                    raise waited_in_the_serving_thread(
                        f"with max_threads = 2 and two handlers running, a third client should "
                        f"get b'busy\\n' at once; it got nothing within {ANSWER_WITHIN:g} s. "
                        f"Turning a client away must never wait for a place",
                        serving_thread_place(subject))
                assert turned_away == b"busy\n", (
                    f"with max_threads = 2 and two handlers running, a third client should get "
                    f"b'busy\\n' at once; it got {turned_away}")
                rest = read_all(third)
            assert rest == b"", (
                f"after b'busy\\n' the server should close the connection; the client got "
                f"{rest} (None: the connection stayed open for {ANSWER_WITHIN:g} s)")
            working.release.set()  # both handlers end now
            for thread in working.threads:
                thread.join(ANSWER_WITHIN)  # blocking
        with connect(server) as fourth:
            after = read_line(fourth)
        assert after == b"started\n", (
            f"after both handlers had ended, the next client should be served, but it got "
            f"{after}: the places of ended handlers were not freed")


def test_a_place_is_taken_when_a_request_is_accepted_before_its_thread_runs(subject):
    # The rig holds every thread that the serving thread starts at its very start, until
    # the test lets them go. So no handler thread has run when the third client comes:
    # only the serving thread itself can tell it busy, and it must, as the places are taken.
    working = subject.rig.working_handler()
    held = subject.rig.held_starts()
    with subject.running(server_class(subject, max_threads=2)(ADDRESS, working)) as server:
        with connect(server) as first, connect(server) as second:
            started = held.wait_started(2, ANSWER_WITHIN)  # blocking
            assert started == 2, (
                f"with max_threads = 2, two clients connected, but the server started "
                f"{started} thread(s) for them within {ANSWER_WITHIN:g} s: each request gets "
                f"a thread of its own, started at once")
            with connect(server) as third:
                turned_away = read_line(third)  # blocking
                started = held.started
                if turned_away is None:  # (the held threads stay held: nothing else runs)
                    raise waited_in_the_serving_thread(
                        f"max_threads = 2, two requests accepted, their threads held by the "
                        f"test before they ran: a third client should get b'busy\\n' at once, "
                        f"but got nothing within {ANSWER_WITHIN:g} s. Take the place when a "
                        f"request is accepted, in the serving thread, not in its own thread "
                        f"({started} threads were started)",
                        serving_thread_place(subject))
                held.open()  # the two handlers (and any other thread) may run now
                assert turned_away == b"busy\n", (
                    f"with max_threads = 2 and two requests accepted, a third client should get "
                    f"b'busy\\n' at once; it got {turned_away}")
                rest = read_all(third)
            assert rest == b"", (
                f"after b'busy\\n' the server should close the connection; the client got "
                f"{rest} (None: the connection stayed open for {ANSWER_WITHIN:g} s)")
            assert started == 2, (
                f"with max_threads = 2, the server started {started} threads for three "
                f"clients: a client that is told busy gets no thread")
            starts = [read_line(first), read_line(second)]
            assert starts == [b"started\n", b"started\n"], (
                f"once their threads could run, the two accepted clients should be served; "
                f"they got {starts} (None: no answer within {ANSWER_WITHIN:g} s)")
            working.release.set()
            for thread in working.threads:
                thread.join(ANSWER_WITHIN)  # blocking


def test_a_handler_that_raised_frees_its_place(subject):
    recording = subject.rig.recording(server_class(subject, max_threads=1))
    with subject.running(recording(ADDRESS, subject.rig.CrashOnRequest)) as server:
        with connect(server) as client:
            client.sendall(b"crash\n")
            read_all(client)
        assert server.reported.wait(ANSWER_WITHIN), "handle_error() was never called"
        server.reporters[0].join(ANSWER_WITHIN)  # blocking, until the crashed thread has ended
        with connect(server) as client:
            client.sendall(b"still there?\n")
            next_answer = read_all(client)
    assert next_answer == b"still there?\n", (
        f"with max_threads = 1, after the only handler crashed and its thread ended, the next "
        f"client should be served, but it got {next_answer}: a crash did not free its place")


def test_server_close_waits_for_a_running_handler_and_no_thread_is_left(subject):
    working = subject.rig.working_handler()
    server = server_class(subject)(ADDRESS, working)
    closer = None
    try:
        start_one_working_request(subject, server, working)
        closer = subject.start(server.server_close, thread="server_close")
        returned = closer.join(WATCH_CLOSE)  # blocking: a correct server_close() is still waiting
        assert not returned, (
            "server_close() returned while a handler was still running: "
            "with block_on_close = True it should wait for the handler threads")
    finally:
        if subject.usable():
            working.release.set()
            if closer is None:
                server.socket.close()
    returned = closer.join(ANSWER_WITHIN)  # blocking
    assert returned, "server_close() did not return after the handler ended"
    closer.result()  # what server_close() raised, raised here
    assert not any(thread.is_alive() for thread in working.threads), (
        "a handler thread is still running after server_close()")


@pytest.mark.parametrize("attributes", [{"block_on_close": False}, {"daemon_threads": True}],
                         ids=["block_on_close_false", "daemon_threads_true"])
def test_server_close_does_not_wait_when_told_not_to(subject, attributes):
    working = subject.rig.working_handler()
    server = server_class(subject, **attributes)(ADDRESS, working)
    closer = None
    (name, value), = attributes.items()
    try:
        start_one_working_request(subject, server, working)
        closer = subject.start(server.server_close, thread="server_close")
        returned = closer.join(WATCH_CLOSE)  # blocking: a correct server_close() has returned
        assert returned, f"with {name} = {value}, server_close() should not wait for the handlers"
        closer.result()  # what server_close() raised, raised here
    finally:
        if subject.usable():
            working.release.set()
            for thread in working.threads:  # their connections close as they end
                thread.join(ANSWER_WITHIN)
            if closer is None:
                server.socket.close()
            else:
                closer.join(ANSWER_WITHIN)


@pytest.mark.parametrize("daemon", [False, True])
def test_daemon_threads_decides_whether_handler_threads_are_daemons(subject, daemon):
    remembering = subject.rig.remembering_handler()
    with subject.running(server_class(subject, daemon_threads=daemon)(ADDRESS, remembering)) as server:
        with connect(server) as client:
            read_all(client)
    handler_threads = remembering.threads
    assert len(handler_threads) == 1, "the handler did not run"
    handler_threads[0].join(ANSWER_WITHIN)  # blocking; nobody joins a daemon thread for us
    assert handler_threads[0].daemon is daemon, (
        f"with daemon_threads = {daemon}, handler threads should have daemon={daemon}")
    assert handler_threads[0].name != "serve_forever", "the handler should run in a thread of its own"
