"""05_thread_per_request: a thread per request, errors handled, connections closed, threads joined."""

import contextlib
import socket
import sys
import threading

import pytest

from course_tools.notebook import running
from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "05_thread_per_request"
ADDRESS = ("127.0.0.1", 0)
# Two handler threads meet at a barrier within milliseconds; a synchronous server never
# lets the second one in while the first waits, so the wait can be short.
MEETING_WITHIN = 2.0
# How long the test watches server_close() before it calls it "waiting" or "returned".
# A correct server_close() takes microseconds to return, or waits until released.
WATCH_CLOSE = 1.0
# How long a handler "works" at most when the test never releases it: longer than the
# test watches, so a handler cannot end on its own while the test still looks at it.
WORK_AT_MOST = 4 * WATCH_CLOSE


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


@contextlib.contextmanager
def serving(server):
    """Run serve_forever in a thread for the block, then stop it; the server stays open."""
    loop = threading.Thread(target=server.serve_forever, args=(0.01,), name="serve_forever")
    loop.start()
    try:
        yield server
    finally:
        server.shutdown()
        loop.join()  # blocking


def working_handler(exercise, release, handler_threads):
    """A handler that says "started", then works until release is set."""

    class Working(exercise.socketserver.StreamRequestHandler):
        def handle(self):
            handler_threads.append(threading.current_thread())
            self.wfile.write(b"started\n")
            release.wait(WORK_AT_MOST)  # blocking: the work lasts until the test says so

    return Working


def start_one_working_request(server, release, handler_threads):
    """Serve until one handler has started, then stop the loop (not the handler)."""
    with serving(server):
        with connect(server) as client:
            started = client.makefile("rb").readline()  # blocking
        if handler_threads and handler_threads[0].name == "serve_forever":
            release.set()  # a handler in the loop's own thread would keep shutdown() waiting
    assert started == b"started\n", "the handler never started: the client got no answer"
    assert not release.is_set(), "the handler runs in the server loop's thread, not its own"


def test_two_handlers_run_at_the_same_time(exercise):
    both_in = threading.Barrier(2, timeout=MEETING_WITHIN)

    class Meeting(exercise.socketserver.StreamRequestHandler):
        def handle(self):
            try:
                both_in.wait()  # blocking, until the other handler is here too
                self.wfile.write(b"met")
            except threading.BrokenBarrierError:
                self.wfile.write(b"alone")

    with running(exercise.ThreadPerRequestTCPServer(ADDRESS, Meeting)) as server:
        with connect(server) as first, connect(server) as second:
            answers = [read_all(first), read_all(second)]
    assert answers == [b"met", b"met"], (
        f"each handler should run in its own thread, at the same time as the other; the "
        f"clients got {answers} (b'alone': a handler waited for the other in vain)")


def test_an_exception_goes_to_handle_error_and_the_connection_is_closed(exercise):
    class CrashOnRequest(exercise.socketserver.StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline()
            if line == b"crash\n":
                raise ValueError("the handler crashed")
            self.wfile.write(line)

    class Recording(exercise.ThreadPerRequestTCPServer):
        def __init__(self, *args):
            super().__init__(*args)
            self.errors = []  # (exception, name of the thread that reported it)
            self.reported = threading.Event()

        def handle_error(self, request, client_address):
            self.errors.append((sys.exc_info()[1], threading.current_thread().name))
            self.reported.set()

    with running(Recording(ADDRESS, CrashOnRequest)) as server:
        with connect(server) as client:
            client.sendall(b"crash\n")
            after_crash = read_all(client)
        assert server.reported.wait(ANSWER_WITHIN), "handle_error() was never called"
        with connect(server) as client:
            client.sendall(b"still there?\n")
            next_answer = read_all(client)
    assert after_crash is not None, "after a crash the connection should be closed (shutdown_request)"
    [(error, thread_name)] = server.errors
    assert isinstance(error, ValueError), f"handle_error() should see the handler's ValueError, not {error!r}"
    assert thread_name != "serve_forever", "handle_error() should run in the handler's thread"
    assert next_answer == b"still there?\n", "after a crash the server should serve the next client"


def test_server_close_waits_for_a_running_handler_and_no_thread_is_left(exercise):
    release, handler_threads = threading.Event(), []
    server = exercise.ThreadPerRequestTCPServer(
        ADDRESS, working_handler(exercise, release, handler_threads))
    closer = threading.Thread(target=server.server_close, name="server_close")
    try:
        start_one_working_request(server, release, handler_threads)
        closer.start()
        closer.join(WATCH_CLOSE)  # blocking: a correct server_close() is still waiting
        assert closer.is_alive(), (
            "server_close() returned while a handler was still running: "
            "it should join the handler threads")
    finally:
        release.set()
        if closer.ident is not None:
            closer.join(ANSWER_WITHIN)  # blocking
        else:
            server.socket.close()
    assert not closer.is_alive(), "server_close() did not return after the handler ended"
    assert not any(thread.is_alive() for thread in handler_threads), (
        "a handler thread is still running after server_close()")


def test_without_block_on_close_server_close_returns_at_once(exercise):
    class NoBlocking(exercise.ThreadPerRequestTCPServer):
        block_on_close = False

    release, handler_threads = threading.Event(), []
    server = NoBlocking(ADDRESS, working_handler(exercise, release, handler_threads))
    closer = threading.Thread(target=server.server_close, name="server_close")
    try:
        start_one_working_request(server, release, handler_threads)
        closer.start()
        closer.join(WATCH_CLOSE)  # blocking: a correct server_close() has returned by now
        assert not closer.is_alive(), (
            "with block_on_close = False, server_close() should not wait for the handlers")
        assert server.handler_threads == [], "with block_on_close = False, remember no thread"
    finally:
        release.set()
        for thread in handler_threads + [closer]:
            if thread.ident is not None:
                thread.join(ANSWER_WITHIN)  # blocking
        if closer.ident is None:
            server.socket.close()


@pytest.mark.parametrize("daemon", [False, True])
def test_daemon_threads_decides_whether_handler_threads_are_daemons(exercise, daemon):
    handler_threads = []

    class RememberMyThread(exercise.socketserver.StreamRequestHandler):
        def handle(self):
            handler_threads.append(threading.current_thread())

    class Server(exercise.ThreadPerRequestTCPServer):
        daemon_threads = daemon

    with running(Server(ADDRESS, RememberMyThread)) as server:
        with connect(server) as client:
            read_all(client)
    assert len(handler_threads) == 1, "the handler did not run"
    handler_threads[0].join(ANSWER_WITHIN)  # blocking; nobody joins a daemon thread for us
    assert handler_threads[0].daemon is daemon, f"with daemon_threads = {daemon}, handler threads should have daemon={daemon}"
    assert handler_threads[0].name != "serve_forever", "the handler should run in a thread of its own"
    remembered = server.handler_threads == [handler_threads[0]]
    assert remembered is not daemon, "remember non-daemon threads only (server_close joins them)"
