"""02_stop_after: serve_forever() returns by itself after N requests or T quiet seconds."""

import socket

import pytest

from course_tools.harness import Stuck
from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "02_stop_after"
ADDRESS = ("127.0.0.1", 0)
POLL = 0.05  # the poll_interval of every test: a quiet loop turns 20 times a second
OBSERVE = 0.12  # seconds we watch for something that should NOT happen yet
FIRST_LOOK = 0.25  # a loop that should stop has stopped by then; if not, we ask where it is
NEVER = 60.0  # an idle_timeout or a max_requests that no test reaches
IDLE = 0.2  # the idle_timeout of the test where no client comes (the spec's least)
# Two clients GAP seconds apart, against BUSY_IDLE: a server that restarts the quiet time at
# each request keeps serving; one that never does stops during the second gap, every run.
GAP = 0.25
BUSY_IDLE = 0.375


def ask(server, line):
    """Send one line; return the answer, or None if none came within ANSWER_WITHIN."""
    with socket.create_connection(server.server_address, timeout=ANSWER_WITHIN) as client:
        client.sendall(line)
        try:
            return client.makefile("rb").read()  # blocking, until the server closes
        except TimeoutError:
            return None


def send_line(server, line):
    """A client that connects and sends line, and does not read yet."""
    client = socket.create_connection(server.server_address, timeout=ANSWER_WITHIN)
    client.sendall(line)
    return client


def answer_of(client):
    """All the server sends to client until it closes: bytes, None if nothing came within
    ANSWER_WITHIN, or the name of the error (a reset) the client got instead."""
    try:
        return client.makefile("rb").read()  # blocking, until the server closes
    except TimeoutError:
        return None
    except ConnectionError as error:
        return type(error).__name__


def refuses_connections(address):
    """True if nothing listens at address any more: a client is refused."""
    try:
        socket.create_connection(address, timeout=ANSWER_WITHIN).close()
    except ConnectionRefusedError:
        return True
    return False


def make(subject, max_requests, idle_timeout, server_class=None):
    """A StopAfterServer (or the rig's subclass of it) in the subject, with Upper as handler."""
    problem = None
    try:
        return (server_class or subject.exercise.StopAfterServer)(
            ADDRESS, subject.rig.Upper, max_requests, idle_timeout)
    except AttributeError as error:
        problem = error
    except TypeError as error:
        problem = error
    if problem is not None:  # failed out here, so the report shows this message alone
        pytest.fail(f"StopAfterServer(server_address, RequestHandlerClass, max_requests, "
                    f"idle_timeout) could not be made: {problem}", pytrace=False)


def serve_in_thread(subject, server):
    """Start serve_forever(POLL) in a thread of the subject named "serve_forever"; return that call.

    No cleanup: a test that fails leaves the loop to the sandbox's end, which stops it.
    """
    return subject.start(server.serve_forever, POLL, thread="serve_forever")


def serving_thread(subject):
    """What the subject's "serve_forever" thread is running (see Subject.where), and whether
    another thread is inside shutdown(): ({...} or {}, True or False)."""
    threads = subject.where()
    serving = next((thread for thread in threads if thread["thread"] == "serve_forever"), {})
    others_in_shutdown = any("shutdown" in thread.get("functions", []) for thread in threads
                             if thread["thread"] != "serve_forever")
    return serving, others_in_shutdown


def deadlock(thread, others_in_shutdown):
    """The message for a serving thread that can never come back, or None."""
    where = "".join(f" (in {function}, line {line} of your file)"
                    for function, line in thread.get("student", [])[-1:])
    functions = thread.get("functions", [])
    if "shutdown" in functions:
        return ("serve_forever() is stuck inside shutdown(), called from the serving "
                f"thread{where}: it waits for its own loop to stop (a deadlock). "
                "Call shutdown() from another thread.")
    if "join" in functions and others_in_shutdown:
        return ("serve_forever() is stuck waiting for the thread that calls shutdown()"
                f"{where}, and shutdown() waits for this very loop to stop (a deadlock). "
                "Do not wait for that thread inside the loop; server_close() can wait for it.")
    return None


def waiting_for_clients(thread, others_in_shutdown):
    """True if the serving thread waits for clients in select() and no stop is on its way."""
    return thread.get("innermost", [None, None])[1:2] == ["select"] and not others_in_shutdown


def assert_stopped(subject, loop, why, only_the_count_can_stop_it=False):
    """Fail with a clear message unless serve_forever() returns within ANSWER_WITHIN seconds.

    A loop that is not done after a short look is asked where it is: a serving thread that
    can never come back (a deadlock) is reported at once instead of after the whole wait. So
    is a loop that, twice, waits for clients with no stop on its way, when idle_timeout is
    out of reach: nothing will stop it.
    """
    if not loop.join(FIRST_LOOK):
        seen = serving_thread(subject)
        problem = deadlock(*seen)
        if problem:
            pytest.fail(problem, pytrace=False)
        if only_the_count_can_stop_it and waiting_for_clients(*seen) and not loop.join(FIRST_LOOK):
            thread, others_in_shutdown = serving_thread(subject)
            if waiting_for_clients(thread, others_in_shutdown):
                pytest.fail(f"serve_forever() went back to waiting for clients after {why}, and "
                            "nothing asked it to stop: it should return by itself now",
                            pytrace=False)
    try:
        loop.result(ANSWER_WITHIN)
        return
    except Stuck:
        thread, others_in_shutdown = serving_thread(subject)  # still running: why?
    problem = deadlock(thread, others_in_shutdown)
    if problem:
        pytest.fail(problem, pytrace=False)
    where = "".join(f" (in {function}, line {line} of your file)"
                    for function, line in thread.get("student", [])[-1:])
    pytest.fail(f"serve_forever() was still running {ANSWER_WITHIN:g} s after {why}{where}: "
                "it should have returned by itself", pytrace=False)


def assert_no_thread_left(subject):
    left = subject.rig.servers_threads()
    assert left == [], (f"server_close() returned while a thread that your server started was "
                        f"still running: {', '.join(left)}. Wait for it, or do not start it")


def test_it_stops_by_itself_after_max_requests(subject):
    with make(subject, 3, NEVER) as server:
        loop = serve_in_thread(subject, server)
        answers = [ask(server, b"one\n"), ask(server, b"two\n"), ask(server, b"three\n")]
        assert answers == [b"ONE\n", b"TWO\n", b"THREE\n"], (
            "each of the 3 clients should get its answer (b'' means the connection was "
            "closed without one, None that no answer came)")
        assert_stopped(subject, loop, "request 3 of max_requests=3",
                       only_the_count_can_stop_it=True)
        assert server.served == 3, "self.served should count the requests served"


def test_a_limit_of_one_serves_one_client_then_stops(subject):
    with make(subject, 1, NEVER) as server:
        loop = serve_in_thread(subject, server)
        assert ask(server, b"only\n") == b"ONLY\n", "the one client should get its answer"
        assert_stopped(subject, loop, "request 1 of max_requests=1",
                       only_the_count_can_stop_it=True)


def test_a_client_still_waiting_at_the_limit_is_not_served(subject):
    # Its shutdown() starts late, as a thread may: the loop turns on until may_stop is set.
    late_to_stop = subject.rig.late_to_stop(subject.exercise.StopAfterServer)
    with make(subject, 2, NEVER, server_class=late_to_stop) as server:
        loop = serve_in_thread(subject, server)
        clients = [send_line(server, line) for line in (b"one\n", b"two\n", b"three\n")]
        try:
            answers = [answer_of(client) for client in clients]
        finally:
            server.may_stop.set()
            for client in clients:
                client.close()
        assert answers[:2] == [b"ONE\n", b"TWO\n"], (
            "clients 1 and 2 should get their answers (b'' means the connection was closed "
            "without one, None that no answer came)")
        assert answers[2] != b"THREE\n", (
            "client 3 was already waiting when request 2 of max_requests=2 was served, and it "
            "got an answer: the server served 3 requests. A client still waiting at the limit "
            "should not be served (in this test shutdown() starts a moment late, as a thread "
            "may, and the loop turns on meanwhile)")
        assert_stopped(subject, loop, "request 2 of max_requests=2", only_the_count_can_stop_it=True)
        assert server.served == 2, "self.served should count only the requests served"


def test_it_stops_by_itself_when_no_client_comes(subject):
    with make(subject, 5, IDLE) as server:
        loop = serve_in_thread(subject, server)
        loop.join(IDLE / 2)  # an observation window: too early to stop
        assert not loop.done, (f"serve_forever() returned before idle_timeout={IDLE} s had "
                               "passed, and no client came")
        assert_stopped(subject, loop, f"idle_timeout={IDLE} s with no client at all")
        assert server.served == 0


def test_each_request_starts_the_quiet_time_again(subject):
    with make(subject, 5, BUSY_IDLE) as server:
        loop = serve_in_thread(subject, server)
        for number, line in enumerate([b"one\n", b"two\n"], start=1):
            answer = ask(server, line)
            assert answer == line.upper(), (
                f"client {number} got no answer: the clients came {GAP} s apart, less than "
                f"idle_timeout={BUSY_IDLE} s; the quiet time counts from the last request")
            loop.join(GAP)  # an observation window: a busy server must keep serving
            assert not loop.done, (
                f"serve_forever() returned less than {GAP} s after request {number}, but "
                f"idle_timeout is {BUSY_IDLE} s: each request should start the quiet time again")
        assert server.served == 2, "self.served should count the requests served"
        server.shutdown()  # from the test, not from the serving thread: we have seen enough
        loop.result(ANSWER_WITHIN)


def test_server_close_waits_for_the_thread_that_stops_the_loop(subject):
    # Its shutdown() lingers until may_end is set, so a thread that calls it outlives the loop.
    slow_to_end = subject.rig.slow_to_end(subject.exercise.StopAfterServer)
    server = make(subject, 1, NEVER, server_class=slow_to_end)
    loop = serve_in_thread(subject, server)
    assert ask(server, b"one\n") == b"ONE\n", "the one client should get its answer"
    assert_stopped(subject, loop, "request 1 of max_requests=1", only_the_count_can_stop_it=True)
    closing = subject.start(server.server_close, thread="server_close")
    closing.join(OBSERVE)  # an observation window: server_close must still be waiting
    returned_too_early = closing.done and server.shutdown_calls > 0
    server.may_end.set()
    assert not returned_too_early, (
        "server_close() returned while the thread that called shutdown() was still running: "
        "wait for it (join)")
    closing.result(ANSWER_WITHIN)
    assert_no_thread_left(subject)
    # No cleanup if this failed half-way: the sandbox, and the socket in it, end with the test.


def test_server_close_works_when_someone_else_stopped_the_loop(subject):
    server = make(subject, 5, NEVER)
    loop = serve_in_thread(subject, server)
    assert ask(server, b"one\n") == b"ONE\n", "the client should get its answer"
    server.shutdown()  # from the test, not from the serving thread: fine
    loop.result(ANSWER_WITHIN)
    problem = None
    try:
        server.server_close()
    except Exception as error:  # noqa: BLE001 -- whatever it was, the student reads it
        problem = error
    if problem is not None:  # failed out here, so the report shows this message alone
        pytest.fail(f"server_close() failed after a stop that none of its conditions asked "
                    f"for: {problem!r}", pytrace=False)
    assert refuses_connections(server.server_address), (
        "server_close() should close the server's socket")
    assert_no_thread_left(subject)
