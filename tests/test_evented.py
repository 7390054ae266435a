"""The event-driven server: one thread, a selector, and a table of connections with buffers."""

import os
import queue
import resource
import socket
import struct
import subprocess
import sys
import threading
from contextlib import ExitStack

import pytest

from socketserver_edu.evented import (
    EventDrivenTCPServer,
    EventDrivenUnixStreamServer,
    LineHandler,
)
from tests.support import ANY_PORT, LOCALHOST, PATIENCE, ROOT, connect, exchange, read_all, running

SPIN_WINDOW = 0.5  # seconds


class Echo(LineHandler):
    """Answer each line with itself."""

    def line_received(self, line):
        self.send(line + b"\n")


def receive(client, size):
    """Read exactly size bytes; fail if the server closes first."""
    data = b""
    while len(data) < size:
        chunk = client.recv(size - len(data))
        assert chunk, f"the server closed the connection after {data!r}"
        data += chunk
    return data


def small_window_client(server, size=16 * 1024):
    """A client with a small receive buffer, so a server's replies soon fill it."""
    client = socket.socket()
    try:
        # Set before connect(): the window is agreed while connecting.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)
        client.settimeout(PATIENCE)
        client.connect(server.server_address)
    except BaseException:
        client.close()
        raise
    return client


# --- buffers: partial reads, partial writes --------------------------------------------

def test_partial_lines_are_buffered_per_connection():
    arrived = queue.Queue()

    class Recording(Echo):
        def data_received(self, data):
            arrived.put(data)
            super().data_received(data)

    with running(EventDrivenTCPServer(ANY_PORT, Recording)) as server, \
            connect(server) as a, connect(server) as b:
        a.sendall(b"hel")
        assert arrived.get(timeout=PATIENCE) == b"hel"  # the server now holds half of A's line
        b.sendall(b"world\n")
        assert receive(b, 6) == b"world\n"
        a.sendall(b"lo\n")
        assert receive(a, 6) == b"hello\n"
        b.sendall(b"one\ntwo\nthr")  # two lines and a half in one piece
        assert receive(b, 8) == b"one\ntwo\n"
        b.sendall(b"ee\n")
        assert receive(b, 6) == b"three\n"


def test_replies_queued_before_the_peer_ends_its_stream_are_still_sent():
    with running(EventDrivenTCPServer(ANY_PORT, Echo)) as server:
        assert exchange(server, b"first\nsecond\nno newline") == b"first\nsecond\n"


def test_a_big_reply_reaches_a_slow_reader_complete():
    reply = bytes(range(256)) * (8 * 4096)  # 8 MiB
    pending = []

    class Big(LineHandler):
        def connection_made(self):
            # A small kernel buffer: the reply has to leave in many partial writes.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)

        def line_received(self, line):
            self.send(reply)
            self.close()

    class Server(EventDrivenTCPServer):
        def service_actions(self):
            pending.extend(len(h.outbuf) for h in self.connections.values() if h.outbuf)

    with running(Server(ANY_PORT, Big)) as server, small_window_client(server) as client:
        client.sendall(b"send me a lot\n")
        chunks = []
        while chunk := client.recv(4096):
            chunks.append(chunk)
        received = b"".join(chunks)
    assert len(received) == len(reply)
    same = received == reply  # not in the assert: a failing diff of 8 MiB would be unreadable
    assert same, "the reply arrived altered"
    assert len(set(pending)) > 1, "the reply should have left over several turns"
    assert pending == sorted(pending, reverse=True)


def test_a_peer_that_stops_reading_is_dropped_past_max_output_buffer():
    chunk = b"x" * (64 * 1024 - 1) + b"\n"
    events = queue.Queue()

    class Flood(LineHandler):
        max_output_buffer = 1024 * 1024

        def connection_made(self):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16 * 1024)

        def line_received(self, line):
            self.send(chunk)
            events.put(len(self.outbuf))

        def connection_lost(self):
            events.put("lost")

    with running(EventDrivenTCPServer(ANY_PORT, Flood)) as server:
        with small_window_client(server) as greedy:  # asks again and again, never reads
            queued = []
            greedy.sendall(b"more\n")
            while (event := events.get(timeout=PATIENCE)) != "lost":
                queued.append(event)
                greedy.sendall(b"more\n")
        assert queued[-1] == 0, "the queued output was dropped"
        assert Flood.max_output_buffer - len(chunk) < max(queued) <= Flood.max_output_buffer
        with connect(server) as polite:  # the server is fine
            polite.sendall(b"hi\n")
            assert receive(polite, len(chunk)) == chunk


# --- errors stay with their connection -------------------------------------------------

def test_an_over_long_line_gets_an_error_and_a_close_and_others_carry_on():
    class Short(Echo):
        max_line_length = 100

    with running(EventDrivenTCPServer(ANY_PORT, Short)) as server, connect(server) as bystander:
        with connect(server) as long_line, connect(server) as no_newline:
            long_line.sendall(b"ok\n" + b"x" * 101 + b"\nnever answered\n")
            assert read_all(long_line) == b"ok\nerror: line too long\n"
            no_newline.sendall(b"y" * 150)
            assert read_all(no_newline) == b"error: line too long\n"
        bystander.sendall(b"z" * 100 + b"\n")  # exactly the limit is allowed
        assert receive(bystander, 101) == b"z" * 100 + b"\n"


def test_a_raising_handler_is_reported_and_only_its_connection_closes():
    errors = []

    class Fragile(Echo):
        def line_received(self, line):
            if line == b"boom":
                raise ValueError("boom")
            super().line_received(line)

        def connection_lost(self):
            raise RuntimeError("and again on the way out")

    class Server(EventDrivenTCPServer):
        def handle_error(self, request, client_address):
            errors.append((client_address, sys.exc_info()[0]))

    with running(Server(ANY_PORT, Fragile)) as server, connect(server) as bystander:
        bystander_address = bystander.getsockname()
        with connect(server) as victim:
            victim.sendall(b"boom\n")
            assert read_all(victim) == b""
            victim_address = victim.getsockname()
        bystander.sendall(b"still here\n")
        assert receive(bystander, 11) == b"still here\n"
    assert errors == [
        (victim_address, ValueError),
        (victim_address, RuntimeError),
        (bystander_address, RuntimeError),  # from server_close()
    ]


# --- the life of a connection ----------------------------------------------------------

def test_connection_lost_is_called_once_per_connection_however_it_ends():
    events = queue.Queue()
    seen = []

    class Recording(Echo):
        def connection_made(self):
            events.put(("made", self.client_address))

        def data_received(self, data):
            events.put(("data", data))
            super().data_received(data)

        def line_received(self, line):
            if line == b"bye":
                self.send(b"bye\n")
                self.close()

        def connection_lost(self):
            events.put(("lost", self.client_address))

    def wait_for(event):
        while event not in seen:
            seen.append(events.get(timeout=PATIENCE))

    still_connected = []
    try:
        with running(EventDrivenTCPServer(ANY_PORT, Recording)) as server:
            with connect(server) as mid_line:  # leaves in the middle of a line
                mid_line.sendall(b"half a li")
                address = mid_line.getsockname()
                wait_for(("data", b"half a li"))
            wait_for(("lost", address))

            with connect(server) as polite:  # the handler closes
                polite.sendall(b"bye\n")
                assert read_all(polite) == b"bye\n"

            with connect(server) as rude:  # a reset (ECONNRESET on the server's side)
                wait_for(("made", rude.getsockname()))
                rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                address = rude.getsockname()
            wait_for(("lost", address))

            still_connected = [connect(server), connect(server)]
            for client in still_connected:
                wait_for(("made", client.getsockname()))
        # server_close() ran while these two were connected
        for client in still_connected:
            assert read_all(client) == b""
    finally:
        for client in still_connected:
            client.close()

    while not events.empty():
        seen.append(events.get())
    made = [address for kind, address in seen if kind == "made"]
    lost = [address for kind, address in seen if kind == "lost"]
    assert len(made) == 5 and len(set(made)) == 5
    assert sorted(lost) == sorted(made)
    assert ("data", b"") not in seen


def test_verify_request_can_refuse_a_connection():
    made = []

    class OneAtATime(EventDrivenTCPServer):
        def verify_request(self, request, client_address):
            return not self.connections

    class Recording(Echo):
        def connection_made(self):
            made.append(self.client_address)

    with running(OneAtATime(ANY_PORT, Recording)) as server, connect(server) as first:
        first.sendall(b"in\n")
        assert receive(first, 3) == b"in\n"
        with connect(server) as second:
            assert read_all(second) == b""  # refused while first is connected
        first_address = first.getsockname()
    assert made == [first_address]


def test_handle_request_runs_one_turn_of_the_loop():
    timeouts = []

    class Server(EventDrivenTCPServer):
        def handle_timeout(self):
            timeouts.append("timeout")

    with Server(ANY_PORT, Echo) as server, connect(server) as client:
        client.sendall(b"step\n")
        server.handle_request()  # the listener is ready: accept
        [handler] = server.connections.values()
        assert handler.client_address == client.getsockname()
        server.handle_request()  # the connection is readable: read, queue the reply
        assert handler.outbuf == b"step\n"
        server.handle_request()  # the connection is writable: send
        assert handler.outbuf == b""
        assert receive(client, 5) == b"step\n"
        server.timeout = 0
        server.handle_request()  # nothing is ready
        assert timeouts == ["timeout"]
        with pytest.raises(TypeError):
            server.connections[0] = handler  # the table is for looking at


# --- shutdown and scale ----------------------------------------------------------------

@pytest.mark.timeout(30)
def test_shutdown_returns_at_once_even_with_an_hour_long_poll_interval():
    server = EventDrivenTCPServer(ANY_PORT, Echo)
    # The client outlives the serving (it connects first; the kernel holds it until accepted),
    # so its goodbye cannot be what wakes the loop for shutdown(): only the waker can.
    with connect(server) as client, running(server, poll_interval=3600):
        client.sendall(b"up\n")
        assert receive(client, 3) == b"up\n"
    # Without the waker, shutdown() would have waited for select() to time out, in an hour.


IDLE = 1000


@pytest.fixture
def enough_files():
    """Raise the open-file limit for this test if it is too low for 2 sockets per client."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = 2 * IDLE + 200
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.skip(f"needs {needed} open files, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_one_thread_serves_a_thousand_idle_connections_and_an_active_one(enough_files):
    accepted = threading.Semaphore(0)
    seen_by_handler = []

    class Counting(LineHandler):
        def connection_made(self):
            accepted.release()

        def line_received(self, line):
            seen_by_handler.append((threading.active_count(), len(self.server.connections)))
            self.send(b"pong\n")

    # Connect in batches smaller than the listen backlog, waiting for each to be accepted:
    # this thread can connect faster than the server's thread gets the GIL to accept, and
    # with the backlog full the kernel drops a new client's SYN (it retries a second later).
    batch = EventDrivenTCPServer.request_queue_size // 2
    threads_before = threading.active_count()
    with ExitStack() as stack:  # unwinds in reverse: the clients close first, then the server
        server = stack.enter_context(running(EventDrivenTCPServer(ANY_PORT, Counting)))
        for first in range(0, IDLE, batch):
            count = min(batch, IDLE - first)
            for _ in range(count):
                stack.enter_context(connect(server))
            for _ in range(count):
                assert accepted.acquire(timeout=PATIENCE)
        active = stack.enter_context(connect(server))
        active.sendall(b"ping\n")
        assert receive(active, 5) == b"pong\n"
    assert seen_by_handler == [(threads_before + 1, IDLE + 1)]


# A server in a child process whose open-file limit leaves room for ROOM connections only.
# It answers two commands on stdin: "wait" (until accept() has failed with EMFILE; then the
# loop's turn count) and "turns" (the turn count now). End of stdin stops it.
ROOM = 8
OUT_OF_FILES_SERVER = """
import errno, os, resource, sys, threading
from socketserver_edu.evented import EventDrivenTCPServer, LineHandler

class Echo(LineHandler):
    def line_received(self, line):
        self.send(line + b"\\n")

class Counting(EventDrivenTCPServer):
    turns = 0
    out_of_files = threading.Event()

    def service_actions(self):
        self.turns += 1  # once per turn of the loop

    def get_request(self):
        try:
            return super().get_request()
        except OSError as error:
            if error.errno == errno.EMFILE:
                self.out_of_files.set()
            raise

with Counting(("127.0.0.1", 0), Echo) as server:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    in_use = len(os.listdir("/proc/self/fd"))
    resource.setrlimit(resource.RLIMIT_NOFILE, (in_use + int(sys.argv[1]), hard))
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    print(server.server_address[1], flush=True)
    for command in sys.stdin:
        if command.strip() == "wait":
            server.out_of_files.wait(10)
        print(server.turns if server.out_of_files.is_set() else "never", flush=True)
    server.shutdown()
    serving.join()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts descriptors in /proc")
def test_out_of_files_it_pauses_accepting_instead_of_spinning_then_serves_again():
    child = subprocess.Popen([sys.executable, "-c", OUT_OF_FILES_SERVER, str(ROOM)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(command):
        child.stdin.write(command + "\n")
        child.stdin.flush()
        return child.stdout.readline().strip()  # blocking; the test's timeout bounds it

    try:
        address = (LOCALHOST, int(child.stdout.readline()))  # blocking, until it listens
        with ExitStack() as clients:
            for _ in range(ROOM + 4):  # more than it has room for: the rest stay in the backlog
                clients.enter_context(socket.create_connection(address, timeout=PATIENCE))
            turns_when_full = ask("wait")
            assert turns_when_full != "never", "accept() never ran out of files"
            # An observation window: a loop that spins on the readable listening socket
            # turns thousands of times in it; one that pauses, a few times per pause.
            threading.Event().wait(SPIN_WINDOW)
            turns_in_window = int(ask("turns")) - int(turns_when_full)
            assert turns_in_window < 5 * SPIN_WINDOW / EventDrivenTCPServer.out_of_files_pause, \
                f"the loop turned {turns_in_window} times in {SPIN_WINDOW} s while out of files"
        # Every client has gone, so its descriptor is free again: a new client is served.
        with socket.create_connection(address, timeout=PATIENCE) as client:
            client.sendall(b"still there?\n")
            assert receive(client, 13) == b"still there?\n"
    finally:
        child.stdin.close()  # end of commands: the child shuts its server down
        try:
            child.wait(PATIENCE)  # blocking
        finally:
            child.kill()  # a no-op once it has exited
            child.stdout.close()
    assert child.returncode == 0


def test_the_unix_stream_variant_serves_lines(unix_address):
    try:
        with running(EventDrivenUnixStreamServer(unix_address, Echo)):
            with socket.socket(socket.AF_UNIX) as client:
                client.settimeout(PATIENCE)
                client.connect(unix_address)
                client.sendall(b"over a file\n")
                assert receive(client, 12) == b"over a file\n"
    finally:
        if os.path.exists(unix_address):
            os.remove(unix_address)  # like the stdlib, the server leaves its socket file
