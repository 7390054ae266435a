"""Threads and processes per request: the same for the stdlib and for us.

Every test runs twice through the `ss` fixture: once on socketserver, once on socketserver_edu.
"""

import os
import threading

import pytest

from tests.support import ANY_PORT, PATIENCE, connect, exchange, read_all, running


# --- ThreadingMixIn -----------------------------------------------------------------------

def test_threaded_handlers_overlap(ss):
    # Neither handler gets past the barrier until the other has reached it too.
    both_in = threading.Barrier(2, timeout=PATIENCE)

    class Meeting(ss.StreamRequestHandler):
        def handle(self):
            both_in.wait()  # blocking
            self.wfile.write(b"met")

    with running(ss.ThreadingTCPServer(ANY_PORT, Meeting)) as server:
        with connect(server) as first, connect(server) as second:
            assert read_all(first) == b"met"
            assert read_all(second) == b"met"


@pytest.mark.parametrize("daemon", [False, True])
def test_daemon_threads_makes_handler_threads_daemons(ss, daemon):
    handler_threads = []

    class Handler(ss.BaseRequestHandler):
        def handle(self):
            handler_threads.append(threading.current_thread())

    class Server(ss.ThreadingTCPServer):
        daemon_threads = daemon

    with running(Server(ANY_PORT, Handler)) as server:
        exchange(server, b"")
    handler_threads[0].join(PATIENCE)  # blocking; a daemon thread is not joined by server_close
    assert handler_threads[0].daemon is daemon


def start_one_slow_request(server, started):
    """Serve in a thread until one handler has started, then stop the loop (not the handler)."""
    loop = threading.Thread(target=server.serve_forever, args=(0.01,))
    loop.start()
    client = connect(server)
    assert started.wait(PATIENCE)  # blocking
    server.shutdown()  # blocking, until serve_forever has returned
    loop.join(PATIENCE)  # blocking
    return client


def test_block_on_close_makes_server_close_wait_for_handlers(ss):
    started, closing, done = threading.Event(), threading.Event(), threading.Event()

    class Slow(ss.BaseRequestHandler):
        def handle(self):
            started.set()
            closing.wait(PATIENCE)  # blocking, until server_close() has begun
            done.set()

    class Server(ss.ThreadingTCPServer):
        def server_close(self):
            closing.set()
            super().server_close()

    server = Server(ANY_PORT, Slow)
    with start_one_slow_request(server, started):
        server.server_close()  # blocking, until the handler has ended
        assert done.is_set()


def test_without_block_on_close_server_close_returns_at_once(ss):
    started, release, done = threading.Event(), threading.Event(), threading.Event()
    handler_threads = []

    class Slow(ss.BaseRequestHandler):
        def handle(self):
            handler_threads.append(threading.current_thread())
            started.set()
            release.wait(PATIENCE)  # blocking, until the test has seen server_close() return
            done.set()

    class Server(ss.ThreadingTCPServer):
        block_on_close = False

    server = Server(ANY_PORT, Slow)
    with start_one_slow_request(server, started):
        server.server_close()
        assert not done.is_set()  # the handler still runs
        release.set()
        handler_threads[0].join(PATIENCE)  # blocking
    assert done.is_set()


# --- ForkingMixIn -------------------------------------------------------------------------

def forking_server(ss):
    """A ForkingTCPServer whose handler counts its requests in the server, reports
    the count and its PID, and ends when the client sends one more byte."""

    class Counting(ss.StreamRequestHandler):
        timeout = PATIENCE  # so a failing test cannot leave a child waiting forever

        def handle(self):
            self.server.handled += 1
            self.wfile.write(f"{self.server.handled} {os.getpid()}\n".encode())
            # A byte, not end of file: every child inherits copies of the test's client
            # sockets, so a client's close() would not reach the child.
            self.rfile.read(1)  # blocking

    server = ss.ForkingTCPServer(ANY_PORT, Counting)
    server.handled = 0
    return server


def ask_child(server, client):
    """Let server fork a child for client; return the child's (count, pid)."""
    server.handle_request()
    count, pid = client.recv(100).split()  # blocking
    return int(count), int(pid)


def let_go(*clients):
    """Let the children serving these clients end."""
    for client in clients:
        client.sendall(b"x")


@pytest.mark.forking
def test_a_child_changes_its_own_copy_of_the_server(ss):
    with forking_server(ss) as server:
        with connect(server) as first, connect(server) as second:
            assert ask_child(server, first)[0] == 1
            assert ask_child(server, second)[0] == 1  # not 2: that change stayed in child one
            let_go(first, second)
        assert server.handled == 0  # nor did it reach the parent


@pytest.mark.forking
def test_active_children_lists_running_children_until_they_are_reaped(ss):
    server = forking_server(ss)
    assert server.active_children is None  # no child yet
    with connect(server) as first, connect(server) as second:
        pids = {ask_child(server, first)[1], ask_child(server, second)[1]}
        assert server.active_children == pids
        let_go(first, second)
    server.server_close()  # blocking, until both children have exited
    assert not server.active_children
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # gone: already reaped
