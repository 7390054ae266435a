"""02_stop_after: serve_forever() returns by itself after N requests; no deadlock, no thread left."""

import socket

import pytest

from course_tools.harness import Stuck
from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "02_stop_after"
ADDRESS = ("127.0.0.1", 0)
POLL = 0.05  # a short poll_interval: a loop asked to stop notices it quickly
OBSERVE = 0.3  # seconds we watch for something that should NOT happen yet


def ask(server, line):
    """Send one line; return the answer, or None if none came within ANSWER_WITHIN."""
    with socket.create_connection(server.server_address, timeout=ANSWER_WITHIN) as client:
        client.sendall(line)
        try:
            return client.makefile("rb").read()  # blocking, until the server closes
        except TimeoutError:
            return None


def refuses_connections(address):
    """True if nothing listens at address any more: a client is refused."""
    try:
        socket.create_connection(address, timeout=ANSWER_WITHIN).close()
    except ConnectionRefusedError:
        return True
    return False


def serve_in_thread(subject, server):
    """Start serve_forever() in a thread of the subject named "serve_forever"; return that call.

    No cleanup: a test that fails leaves the loop to the sandbox's end, which stops it.
    """
    return subject.start(server.serve_forever, POLL, thread="serve_forever")


def serving_thread(subject):
    """What the subject's "serve_forever" thread is running (see Subject.where), or {}."""
    return next((thread for thread in subject.where() if thread["thread"] == "serve_forever"), {})


def assert_stopped(subject, loop, requests):
    """Fail with a clear message unless serve_forever() returns soon."""
    try:
        loop.result(ANSWER_WITHIN)
        return
    except Stuck:
        thread = serving_thread(subject)  # still running: why?
    where = "".join(f" (in {function}, line {line} of your file)"
                    for function, line in thread.get("student", [])[-1:])
    if "shutdown" in thread.get("functions", []):
        pytest.fail("serve_forever() is stuck inside shutdown(), called from the serving "
                    f"thread{where}: it waits for its own loop to stop (a deadlock). "
                    "Call shutdown() from another thread.", pytrace=False)
    pytest.fail(f"serve_forever() was still running {ANSWER_WITHIN} s after request {requests}"
                f"{where}: it should return by itself after max_requests requests", pytrace=False)


def test_serve_forever_returns_by_itself_after_max_requests(subject):
    with subject.exercise.StopAfterServer(ADDRESS, subject.rig.Upper, max_requests=3) as server:
        loop = serve_in_thread(subject, server)
        answers = [ask(server, b"one\n"), ask(server, b"two\n"), ask(server, b"three\n")]
        assert answers == [b"ONE\n", b"TWO\n", b"THREE\n"], (
            "each of the 3 clients should get its answer (b'' means the connection was "
            "closed without one, None that no answer came)")
        assert_stopped(subject, loop, 3)
        assert server.served == 3, "self.served should count the requests handled"


def test_a_limit_of_one_serves_one_client_then_stops(subject):
    with subject.exercise.StopAfterServer(ADDRESS, subject.rig.Upper, max_requests=1) as server:
        loop = serve_in_thread(subject, server)
        assert ask(server, b"only\n") == b"ONLY\n", "the one client should get its answer"
        assert_stopped(subject, loop, 1)


def test_the_server_keeps_serving_until_the_limit(subject):
    with subject.exercise.StopAfterServer(ADDRESS, subject.rig.Upper, max_requests=3) as server:
        loop = serve_in_thread(subject, server)
        assert ask(server, b"one\n") == b"ONE\n"
        assert ask(server, b"two\n") == b"TWO\n"
        loop.join(OBSERVE)  # an observation window: it must NOT stop yet
        assert not loop.done, "serve_forever() stopped after 2 requests; the limit is 3"
        assert ask(server, b"three\n") == b"THREE\n", "the third client should be served"
        assert_stopped(subject, loop, 3)


def test_server_close_waits_for_the_stopper_thread(subject):
    # Its shutdown() lingers until may_end is set, so the stopper thread outlives the loop.
    slow_to_end = subject.rig.slow_to_end(subject.exercise.StopAfterServer)
    server = slow_to_end(ADDRESS, subject.rig.Upper, max_requests=1)
    loop = serve_in_thread(subject, server)
    assert ask(server, b"one\n") == b"ONE\n"
    assert_stopped(subject, loop, 1)
    assert subject.rig.is_thread(server.stopper), (
        "self.stopper should be the thread that calls shutdown()")
    closing = subject.start(server.server_close, thread="server_close")
    closing.join(OBSERVE)  # an observation window: server_close must still be waiting
    returned_too_early = closing.done
    server.may_end.set()
    assert not returned_too_early, (
        "server_close() returned while the stopper thread was still running: join it")
    closing.result(ANSWER_WITHIN)
    assert not server.stopper.is_alive()
    # No cleanup if this failed half-way: the sandbox, and the socket in it, end with the test.


def test_server_close_works_when_the_limit_was_never_reached(subject):
    server = subject.exercise.StopAfterServer(ADDRESS, subject.rig.Upper, max_requests=5)
    loop = serve_in_thread(subject, server)
    assert ask(server, b"one\n") == b"ONE\n"
    server.shutdown()  # from the test, not from the serving thread: fine
    loop.result(ANSWER_WITHIN)
    assert server.stopper is None, "no stopper thread should start before the limit"
    problem = None
    try:
        server.server_close()
    except AttributeError as error:
        problem = error
    if problem is not None:  # failed out here, so the report shows this message alone
        pytest.fail(f"server_close() failed although no stopper was started "
                    f"(self.stopper is None): {problem}", pytrace=False)
    assert server.socket.fileno() == -1, "server_close() should close the server's socket"
    assert refuses_connections(server.server_address), (
        "server_close() should close the server's socket")
