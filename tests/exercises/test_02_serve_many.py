"""02_serve_many: one loop in one thread serves several servers, until it is told to stop."""

import select
import selectors
import socket
import threading
import types
from time import monotonic

import pytest

import socketserver_edu
from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "02_serve_many"
ADDRESS = ("127.0.0.1", 0)
POLL = 0.05  # the poll_interval given to serve_many, and the slice a client waits at a time
STILL_RUNNING = (f"serve_many was still running {ANSWER_WITHIN} s after stop was set: does its "
                 "select() wait with a timeout (poll_interval), and does the loop check stop?")


def tagging_handler(tag, threads_seen, on_handle=None):
    """A handler that answers tag + the client's line, and notes which thread served it."""
    class Tagging(socketserver_edu.StreamRequestHandler):
        def handle(self):
            threads_seen.append(threading.current_thread().name)
            if on_handle:
                on_handle()
            self.wfile.write(tag + self.rfile.readline())
    return Tagging


class SelectWatch:
    """Gives the exercise a selectors module whose DefaultSelector counts its select() calls.

    Then a test can wait until the loop is back in select() after a request, instead of
    guessing: the moment to set stop when only the timeout can wake the loop.
    """

    def __init__(self, monkeypatch, exercise):
        self.calls = 0
        self.changed = threading.Condition()
        watch = self

        class CountingSelector(selectors.DefaultSelector):
            def select(self, timeout=None):
                with watch.changed:
                    watch.calls += 1
                    watch.changed.notify_all()
                return super().select(timeout)  # blocking

        module = types.SimpleNamespace(**vars(selectors))
        module.DefaultSelector = CountingSelector
        monkeypatch.setattr(exercise, "selectors", module)

    def wait_for_calls_above(self, count):
        """Wait until select() has been called more than count times; False after ANSWER_WITHIN."""
        with self.changed:
            return self.changed.wait_for(lambda: self.calls > count, ANSWER_WITHIN)  # blocking


def poke(server):
    """Connect and hang up at once: wakes a loop that waits for this server."""
    socket.create_connection(server.server_address, timeout=ANSWER_WITHIN).close()


class Runner:
    """Run serve_many(servers, stop) in a thread named "serve_many"; remember what it raised."""

    def __init__(self, exercise, servers):
        self.servers = servers
        self.stop = threading.Event()
        self.error = None
        self.thread = threading.Thread(target=self._run, args=(exercise,),
                                       name="serve_many", daemon=True)

    def _run(self, exercise):
        try:
            exercise.serve_many(self.servers, self.stop, POLL)
        except Exception as error:  # reported in the test's own thread, by ask()
            self.error = error

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, exc_type, exc, traceback):
        self.stop.set()
        self.thread.join(ANSWER_WITHIN)
        if not self.thread.is_alive():
            return
        # Stuck in a serve_forever(), or in a select() without a timeout: end a
        # serve_forever loop (BaseServer's flag) and wake a select() with a client.
        for server in self.servers:
            server._shutdown_requested.set()
            poke(server)
        self.thread.join(ANSWER_WITHIN)
        if exc_type is None:  # do not hide a failure that came first
            pytest.fail(STILL_RUNNING, pytrace=False)


def ask(runner, server, line):
    """Send one line to server; return its answer, or None if none came within ANSWER_WITHIN."""
    with socket.create_connection(server.server_address, timeout=ANSWER_WITHIN) as client:
        client.sendall(line)
        deadline = monotonic() + ANSWER_WITHIN
        while True:
            if select.select([client], [], [], POLL)[0]:  # blocking, for one slice
                return client.makefile("rb").read()
            if runner.error is not None:
                pytest.fail(f"serve_many raised {runner.error!r}", pytrace=False)
            if not runner.thread.is_alive():
                pytest.fail("serve_many returned although stop was not set", pytrace=False)
            if monotonic() > deadline:
                return None


def two_servers(threads_seen):
    return (socketserver_edu.TCPServer(ADDRESS, tagging_handler(b"A ", threads_seen)),
            socketserver_edu.TCPServer(ADDRESS, tagging_handler(b"B ", threads_seen)))


def test_each_server_answers_its_own_clients(exercise):
    first, second = two_servers([])
    with first, second, Runner(exercise, [first, second]) as runner:
        answers = [ask(runner, first, b"one\n"), ask(runner, second, b"two\n"),
                   ask(runner, first, b"three\n"), ask(runner, second, b"four\n")]
    assert answers == [b"A one\n", b"B two\n", b"A three\n", b"B four\n"], (
        "each server should answer its own clients, in turn (None means no answer came: "
        "is one server's loop keeping the other from being served?)")


def test_every_request_is_served_in_the_one_calling_thread(exercise):
    threads_seen = []
    first, second = two_servers(threads_seen)
    with first, second, Runner(exercise, [first, second]) as runner:
        assert ask(runner, first, b"one\n") == b"A one\n"
        assert ask(runner, second, b"two\n") == b"B two\n"
    assert threads_seen == ["serve_many", "serve_many"], (
        "every request should be served by the thread that called serve_many, not by new threads")


def test_serve_many_returns_soon_after_stop_is_set_while_no_client_comes(exercise, monkeypatch):
    watch = SelectWatch(monkeypatch, exercise)
    calls_while_serving = []
    first = socketserver_edu.TCPServer(
        ADDRESS, tagging_handler(b"A ", [], on_handle=lambda: calls_while_serving.append(watch.calls)))
    second = socketserver_edu.TCPServer(ADDRESS, tagging_handler(b"B ", []))
    with first, second:
        with Runner(exercise, [first, second]) as runner:
            assert ask(runner, first, b"one\n") == b"A one\n"
            # Wait until the loop waits in select() again; if your code uses another
            # selector than selectors.DefaultSelector, this just takes a moment longer.
            watch.wait_for_calls_above(calls_while_serving[0])
            runner.stop.set()  # no client comes after this: only the timeout can wake select()
            runner.thread.join(ANSWER_WITHIN)
            assert runner.error is None, f"serve_many raised {runner.error!r}"
            assert not runner.thread.is_alive(), STILL_RUNNING
        assert first.fileno() != -1 and second.fileno() != -1, (
            "serve_many should not close the servers: whoever made them closes them")
