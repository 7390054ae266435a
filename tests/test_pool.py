"""The worker pool: bounded threads, refusal or backpressure when full, a graceful close."""

import contextlib
import os
import re
import socket
import sys
import threading

import pytest

from socketserver_edu import StreamRequestHandler
from socketserver_edu.pool import WorkerPoolTCPServer, WorkerPoolUnixStreamServer
from tests.support import ANY_PORT, PATIENCE, connect, exchange, read_all, running


class NameEcho(StreamRequestHandler):
    """Answer a line with the line and the name of the thread that served it."""

    def handle(self):
        line = self.rfile.readline().strip()
        self.wfile.write(line + b" from " + threading.current_thread().name.encode())


def wait_for(semaphore, count):
    """Wait until semaphore has been released count times; fail instead of hanging."""
    for _ in range(count):
        assert semaphore.acquire(timeout=PATIENCE), "the server never got there"


def pool_workers():
    """The names of the pool's worker threads still alive."""
    return [t.name for t in threading.enumerate() if t.name.startswith("pool-worker")]


class HeldEcho(StreamRequestHandler):
    """Read a name, then hold the worker until the test releases it, then answer the name."""

    def handle(self):
        name = self.rfile.readline().strip()
        self.server.note("start", name)
        self.server.release.wait(PATIENCE)  # blocking
        self.server.note("end", name)
        self.wfile.write(name)


class HeldServer(WorkerPoolTCPServer):
    """A pool server whose handlers wait for self.release, and that reports what it does.

    server_close() sets release first, so a failing test never hangs on a held worker.
    """

    request_queue_size = 16  # room for every client of a test: no connect() waits to be retried

    def __init__(self, pool_size, queue_size, when_full="refuse"):
        self.pool_size, self.queue_size, self.when_full = pool_size, queue_size, when_full
        self.release = threading.Event()
        self.arrived = threading.Semaphore(0)  # one release per process_request() entered
        self.handed_over = threading.Semaphore(0)  # one release per process_request() returned
        self.started = threading.Semaphore(0)  # one release per handler started
        self.events = []  # ("start" | "end", name), ("handed over", client port), ("closing", None)
        self.running_now = self.most_at_once = 0
        self._events_lock = threading.Lock()
        super().__init__(ANY_PORT, HeldEcho)

    def note(self, event, detail):
        with self._events_lock:
            self.events.append((event, detail))
            if event == "start":
                self.running_now += 1
                self.most_at_once = max(self.most_at_once, self.running_now)
            elif event == "end":
                self.running_now -= 1
        if event == "start":
            self.started.release()

    def process_request(self, request, client_address):
        self.arrived.release()
        super().process_request(request, client_address)
        self.note("handed over", client_address[1])
        self.handed_over.release()

    def server_close(self):
        self.note("closing", None)
        self.release.set()
        super().server_close()


def test_answers_over_tcp_in_a_named_worker():
    with running(WorkerPoolTCPServer(ANY_PORT, NameEcho)) as server:
        reply = exchange(server, b"hello\n")
    assert re.fullmatch(rb"hello from pool-worker-[1-8]", reply)


def test_answers_over_a_unix_socket(unix_address):
    with running(WorkerPoolUnixStreamServer(unix_address, NameEcho)) as server:
        with connect(server) as client:
            client.sendall(b"hello\n")
            reply = read_all(client)
    os.remove(unix_address)  # like the stdlib's, the server leaves its socket file behind
    assert re.fullmatch(rb"hello from pool-worker-[1-8]", reply)


def test_at_most_pool_size_handlers_run_at_once():
    threads_before = threading.active_count()
    server = HeldServer(pool_size=3, queue_size=10)
    with running(server), contextlib.ExitStack() as stack:
        clients = [stack.enter_context(connect(server)) for _ in range(7)]
        for number, client in enumerate(clients):
            client.sendall(b"%d\n" % number)
        wait_for(server.handed_over, 7)
        wait_for(server.started, 3)
        # All seven are in the pool's hands and three workers are held: the other four wait.
        assert threading.active_count() == threads_before + 1 + 3  # serve_forever + the workers
        assert not server.started.acquire(blocking=False)
        server.release.set()
        replies = [read_all(client) for client in clients]
    assert replies == [b"%d" % number for number in range(7)]
    assert server.most_at_once == 3


@pytest.mark.parametrize("queue_size", [0, 2])
def test_refuse_when_full_answers_the_refusal_message_and_closes(queue_size):
    server = HeldServer(pool_size=1, queue_size=queue_size)
    with running(server), contextlib.ExitStack() as stack:
        accepted = [stack.enter_context(connect(server)) for _ in range(1 + queue_size)]
        for number, client in enumerate(accepted):
            client.sendall(b"%d\n" % number)
        wait_for(server.started, 1)
        wait_for(server.handed_over, 1 + queue_size)
        with connect(server) as refused:
            assert read_all(refused) == b"busy: try again later\r\n"  # and then end-of-file
        server.release.set()
        replies = [read_all(client) for client in accepted]
    assert replies == [b"%d" % number for number in range(1 + queue_size)]


def test_wait_when_full_serves_the_client_once_a_worker_is_free():
    server = HeldServer(pool_size=1, queue_size=1, when_full="wait")
    with running(server), connect(server) as first, connect(server) as second:
        first.sendall(b"first\n")
        second.sendall(b"second\n")
        wait_for(server.started, 1)
        wait_for(server.handed_over, 2)
        with connect(server) as third:  # connects: the kernel holds it in the listen backlog
            third.sendall(b"third\n")
            wait_for(server.arrived, 3)
            # The accept loop has taken the third connection and waits for a place.
            assert not server.handed_over.acquire(blocking=False)
            server.release.set()
            assert read_all(third) == b"third"
            third_port = third.getsockname()[1]
        assert read_all(first) == b"first"
        assert read_all(second) == b"second"
    events = server.events
    assert events.index(("end", b"first")) < events.index(("handed over", third_port))


def test_a_raising_handler_goes_to_handle_error_and_the_worker_keeps_serving():
    errors = []

    class FailOnRequest(StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline()
            if line == b"fail\n":
                raise ValueError("asked to fail")
            self.wfile.write(line)

    class Server(WorkerPoolTCPServer):
        pool_size = 1  # so the worker that saw the error must be the one that serves on

        def handle_error(self, request, client_address):
            errors.append((sys.exc_info()[0], threading.current_thread().name))

    with running(Server(ANY_PORT, FailOnRequest)) as server:
        with connect(server) as failing:
            failing.sendall(b"fail\n")
            assert read_all(failing) == b""  # shutdown_request() still ran
        assert exchange(server, b"again\n") == b"again\n"
    assert errors == [(ValueError, "pool-worker-1")]


def test_server_close_serves_the_queued_requests_then_stops_the_workers():
    server = HeldServer(pool_size=1, queue_size=3)
    names = [b"A", b"B", b"C", b"D"]
    with contextlib.ExitStack() as stack:
        with running(server):
            clients = [stack.enter_context(connect(server)) for _ in names]
            for name, client in zip(names, clients):
                client.sendall(name + b"\n")
            wait_for(server.started, 1)
            wait_for(server.handed_over, len(names))
            # Leaving: shutdown() returns at once although the worker is busy and three
            # requests wait; then server_close() must serve those three before it returns.
        assert pool_workers() == []
        assert [read_all(client) for client in clients] == names
    closing = server.events.index(("closing", None))
    assert [server.events.index(("start", name)) > closing for name in names] == [
        False, True, True, True]


def test_a_server_that_never_served_starts_no_thread_and_closes_twice():
    threads_before = threading.enumerate()
    with WorkerPoolTCPServer(ANY_PORT, NameEcho) as server:
        server.server_close()
    assert threading.enumerate() == threads_before


def test_a_request_handed_over_after_server_close_is_refused_and_starts_no_worker():
    server = WorkerPoolTCPServer(ANY_PORT, NameEcho)
    server.server_close()
    inside, outside = socket.socketpair()
    with outside:
        outside.settimeout(PATIENCE)
        server.process_request(inside, "late client")
        assert read_all(outside) == server.refusal_message
    assert pool_workers() == []


def test_a_flood_of_connections_is_served_by_a_bounded_number_of_threads():
    threads_before = threading.active_count()
    thread_counts = []  # sampled by every handler; list.append is safe from any thread

    class Echo(StreamRequestHandler):
        def handle(self):
            thread_counts.append(threading.active_count())
            self.wfile.write(self.rfile.readline())

    class Server(WorkerPoolTCPServer):
        pool_size = 8
        when_full = "wait"
        request_queue_size = 1024  # the listen backlog holds the clients that wait

    with running(Server(ANY_PORT, Echo)) as server:
        # In batches, so every client of a batch is connected before any of it is answered.
        for first in range(0, 1000, 100):
            with contextlib.ExitStack() as stack:
                clients = [stack.enter_context(connect(server)) for _ in range(100)]
                for number, client in enumerate(clients, first):
                    client.sendall(b"%d\n" % number)
                replies = [read_all(client) for client in clients]
            assert replies == [b"%d\n" % number for number in range(first, first + 100)]
    assert len(thread_counts) == 1000
    assert max(thread_counts) <= threads_before + 8 + 4


@pytest.mark.parametrize("setting, value", [("when_full", "drop"), ("pool_size", 0),
                                            ("queue_size", -1)])
def test_a_bad_setting_raises_a_clear_value_error(setting, value):
    Server = type("Server", (WorkerPoolTCPServer,), {setting: value})
    with pytest.raises(ValueError, match=f"{setting} must be"):
        Server(ANY_PORT, NameEcho)
