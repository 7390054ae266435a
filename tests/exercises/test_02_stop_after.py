"""02_stop_after: serve_forever() returns by itself after N requests; no deadlock, no thread left."""

import contextlib
import socket
import sys
import threading

import pytest

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "02_stop_after"
ADDRESS = ("127.0.0.1", 0)
POLL = 0.05  # a short poll_interval: a loop asked to stop notices it quickly
OBSERVE = 0.3  # seconds we watch for something that should NOT happen yet


def upper_handler(exercise):
    class Upper(exercise.socketserver.StreamRequestHandler):
        def handle(self):
            self.wfile.write(self.rfile.readline().upper())
    return Upper


def ask(server, line):
    """Send one line; return the answer, or None if none came within ANSWER_WITHIN."""
    with socket.create_connection(server.server_address, timeout=ANSWER_WITHIN) as client:
        client.sendall(line)
        try:
            return client.makefile("rb").read()  # blocking, until the server closes
        except TimeoutError:
            return None


def stuck_in_shutdown(thread):
    """True if thread is inside a call of shutdown(): its own loop can then never stop."""
    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if frame.f_code.co_name == "shutdown":
            return True
        frame = frame.f_back
    return False


@contextlib.contextmanager
def serving(server):
    """Run serve_forever() in a thread; afterwards make sure it has returned, whatever happened."""
    thread = threading.Thread(target=server.serve_forever, args=(POLL,),
                              name="serve_forever", daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        if thread.is_alive():
            # A loop that never stopped, or one stuck in a shutdown() called from inside
            # itself. Setting BaseServer's two events frees both; nothing public can free
            # the second.
            server._shutdown_requested.set()
            server._is_shut_down.set()
            thread.join(ANSWER_WITHIN)


def assert_stopped(thread, requests):
    """Fail with a clear message unless serve_forever() returns soon."""
    thread.join(ANSWER_WITHIN)
    if not thread.is_alive():
        return
    if stuck_in_shutdown(thread):
        pytest.fail("serve_forever() is stuck inside shutdown(), called from the serving thread: "
                    "it waits for its own loop to stop (a deadlock). Call shutdown() from "
                    "another thread.", pytrace=False)
    pytest.fail(f"serve_forever() was still running {ANSWER_WITHIN} s after request {requests}: "
                "it should return by itself after max_requests requests", pytrace=False)


def test_serve_forever_returns_by_itself_after_max_requests(exercise):
    with exercise.StopAfterServer(ADDRESS, upper_handler(exercise), max_requests=3) as server:
        with serving(server) as thread:
            answers = [ask(server, b"one\n"), ask(server, b"two\n"), ask(server, b"three\n")]
            assert answers == [b"ONE\n", b"TWO\n", b"THREE\n"], (
                "each of the 3 clients should get its answer (b'' means the connection was "
                "closed without one, None that no answer came)")
            assert_stopped(thread, 3)
        assert server.served == 3, "self.served should count the requests handled"


def test_a_limit_of_one_serves_one_client_then_stops(exercise):
    with exercise.StopAfterServer(ADDRESS, upper_handler(exercise), max_requests=1) as server:
        with serving(server) as thread:
            assert ask(server, b"only\n") == b"ONLY\n", "the one client should get its answer"
            assert_stopped(thread, 1)


def test_the_server_keeps_serving_until_the_limit(exercise):
    with exercise.StopAfterServer(ADDRESS, upper_handler(exercise), max_requests=3) as server:
        with serving(server) as thread:
            assert ask(server, b"one\n") == b"ONE\n"
            assert ask(server, b"two\n") == b"TWO\n"
            thread.join(OBSERVE)  # an observation window: it must NOT stop yet
            assert thread.is_alive(), "serve_forever() stopped after 2 requests; the limit is 3"
            assert ask(server, b"three\n") == b"THREE\n", "the third client should be served"
            assert_stopped(thread, 3)


def test_server_close_waits_for_the_stopper_thread(exercise):
    may_end = threading.Event()

    class SlowToEnd(exercise.StopAfterServer):
        def shutdown(self):
            super().shutdown()
            may_end.wait(ANSWER_WITHIN)  # blocking: the stopper thread lingers until we say

    server = SlowToEnd(ADDRESS, upper_handler(exercise), max_requests=1)
    try:
        with serving(server) as thread:
            assert ask(server, b"one\n") == b"ONE\n"
            assert_stopped(thread, 1)
        assert isinstance(server.stopper, threading.Thread), (
            "self.stopper should be the thread that calls shutdown()")
        closer = threading.Thread(target=server.server_close)
        closer.start()
        closer.join(OBSERVE)  # an observation window: server_close must still be waiting
        returned_too_early = not closer.is_alive()
        may_end.set()
        closer.join(ANSWER_WITHIN)
        assert not returned_too_early, (
            "server_close() returned while the stopper thread was still running: join it")
        assert not server.stopper.is_alive()
    finally:
        may_end.set()
        server.socket.close()  # not server_close(): the cleanup must not depend on your code


def test_server_close_works_when_the_limit_was_never_reached(exercise):
    server = exercise.StopAfterServer(ADDRESS, upper_handler(exercise), max_requests=5)
    try:
        with serving(server) as thread:
            assert ask(server, b"one\n") == b"ONE\n"
            server.shutdown()  # from this thread, not the serving one: fine
            thread.join(ANSWER_WITHIN)
        assert server.stopper is None, "no stopper thread should start before the limit"
        try:
            server.server_close()
        except AttributeError as error:
            pytest.fail(f"server_close() failed although no stopper was started "
                        f"(self.stopper is None): {error}", pytrace=False)
        assert server.socket.fileno() == -1, "server_close() should close the server's socket"
    finally:
        server.socket.close()
