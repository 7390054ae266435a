"""shutdown(): instant with the waker; stoppable even when ForkingMixIn is at max_children.

Both are deliberate differences from the stdlib, so each is shown against it too.
"""

import socketserver
import threading

import pytest

import socketserver_edu
from socketserver_edu.wakeup import InstantShutdownMixIn, Waker
from tests.support import ANY_PORT, PATIENCE, connect, exchange

A_VERY_LONG_POLL = 3600.0  # if shutdown() waited for the poll, the test would time out


class Echo(socketserver_edu.StreamRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.readline())


class InstantTCPServer(InstantShutdownMixIn, socketserver_edu.TCPServer):
    pass


def serve_in_thread(server, poll_interval):
    thread = threading.Thread(target=server.serve_forever, args=(poll_interval,))
    thread.start()
    return thread


def test_instant_shutdown_does_not_wait_for_poll_interval():
    with InstantTCPServer(ANY_PORT, Echo) as server:
        thread = serve_in_thread(server, A_VERY_LONG_POLL)
        assert exchange(server, b"ping\n") == b"ping\n"  # the loop is running
        server.shutdown()
        thread.join(PATIENCE)
        assert not thread.is_alive()


def test_instant_shutdown_keeps_service_actions_on_poll_interval():
    ran_three_times = threading.Event()

    class Server(InstantTCPServer):
        calls = 0

        def service_actions(self):
            self.calls += 1
            if self.calls == 3:
                ran_three_times.set()

    with Server(ANY_PORT, Echo) as server:
        thread = serve_in_thread(server, 0.01)
        assert ran_three_times.wait(PATIENCE), "service_actions did not run with no traffic"
        server.shutdown()
        thread.join(PATIENCE)


def test_instant_server_can_serve_again_after_shutdown():
    with InstantTCPServer(ANY_PORT, Echo) as server:
        for _ in range(2):  # the second run must not see the first run's wake-up
            thread = serve_in_thread(server, A_VERY_LONG_POLL)
            assert exchange(server, b"again\n") == b"again\n"
            server.shutdown()
            thread.join(PATIENCE)


def test_instant_server_closes_its_waker_when_bind_fails():
    with socketserver_edu.TCPServer(ANY_PORT, Echo) as taken:
        with pytest.raises(OSError):
            InstantTCPServer(taken.server_address, Echo)
    # The autouse fixture fails the test if the waker's sockets stayed open.


def test_waker_wakes_a_selector_and_clears():
    import selectors

    waker = Waker()
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(waker, selectors.EVENT_READ)
            assert selector.select(0) == []
            waker.wake()
            waker.wake()
            assert len(selector.select(PATIENCE)) == 1
            waker.clear()
            assert selector.select(0) == []
    finally:
        waker.close()


# --- ForkingMixIn at max_children ------------------------------------------------------------

class WaitForGo(socketserver_edu.StreamRequestHandler):
    """Tell the client the child is running, then wait for the client's word to finish."""

    def handle(self):
        self.wfile.write(b"running\n")
        self.rfile.readline()  # blocking: until the client says go


def busy_child(server):
    """A client whose child process is running and holds the only slot."""
    client = connect(server)
    assert client.makefile("rb").readline() == b"running\n"
    return client


@pytest.mark.forking
def test_ours_shutdown_works_while_at_max_children():
    class Server(socketserver_edu.ForkingTCPServer):
        max_children = 1

    with Server(ANY_PORT, WaitForGo) as server:
        thread = serve_in_thread(server, 0.01)
        with busy_child(server) as client:
            stopper = threading.Thread(target=server.shutdown)
            stopper.start()
            stopper.join(PATIENCE)
            assert not stopper.is_alive(), "shutdown() hung while the server was at max_children"
            thread.join(PATIENCE)
            client.sendall(b"go\n")  # now let the child finish, so server_close can reap it


@pytest.mark.forking
def test_stdlib_shutdown_waits_for_a_child_while_at_max_children():
    """The stdlib blocks in waitpid() at max_children; shutdown() returns only after a child exits."""

    class Handler(socketserver.StreamRequestHandler):
        handle = WaitForGo.handle

    class Server(socketserver.ForkingTCPServer):
        max_children = 1

    with Server(ANY_PORT, Handler) as server:
        thread = serve_in_thread(server, 0.01)
        with busy_child(server) as client:
            stopper = threading.Thread(target=server.shutdown)
            stopper.start()
            stopper.join(0.5)  # an observation window, not synchronisation
            assert stopper.is_alive(), "expected the stdlib to be stuck in waitpid()"
            client.sendall(b"go\n")  # the child exits, waitpid() returns, the loop can stop
            stopper.join(PATIENCE)
            thread.join(PATIENCE)
            assert not stopper.is_alive()


# --- the stdlib's private stop flag, set from inside a handler -------------------------------

class StopsTheLoop(socketserver_edu.StreamRequestHandler):
    """Answer, then stop serve_forever() as programs on the web do: with the private flag."""

    def handle(self):
        self.wfile.write(self.rfile.readline())
        self.server._BaseServer__shutdown_request = True  # the loop stops after this request


@pytest.mark.parametrize("server_class", [socketserver.TCPServer, socketserver_edu.TCPServer,
                                          InstantTCPServer], ids=["stdlib", "edu", "edu-instant"])
def test_the_private_stop_flag_set_in_a_handler_stops_serve_forever(server_class):
    """A drop-in must stop where the stdlib stops, not hang (the flag is not ours to rename)."""
    class Handler(socketserver.StreamRequestHandler):  # the stdlib's, so both sides run it
        handle = StopsTheLoop.handle

    with server_class(ANY_PORT, Handler) as server:
        thread = serve_in_thread(server, A_VERY_LONG_POLL)  # only the flag can end the loop soon
        assert exchange(server, b"stop\n") == b"stop\n"
        thread.join(PATIENCE)
        assert not thread.is_alive(), "serve_forever() kept running after the handler set the flag"
        assert server._BaseServer__shutdown_request is False, "serve_forever() clears it on return"


def test_a_server_stopped_by_the_private_flag_serves_again():
    with socketserver_edu.TCPServer(ANY_PORT, StopsTheLoop) as server:
        for _ in range(2):  # the first stop must not leave the flag set for the second run
            thread = serve_in_thread(server, 0.01)
            assert exchange(server, b"again\n") == b"again\n"
            thread.join(PATIENCE)
            assert not thread.is_alive()


def test_shutdown_sets_the_private_flag_too():
    """A program that reads the flag (to see whether a stop was asked) reads ours."""
    with socketserver_edu.TCPServer(ANY_PORT, Echo) as server:
        assert server._BaseServer__shutdown_request is False
        server._shutdown_requested.set()  # what shutdown() does before it waits
        assert server._BaseServer__shutdown_request is True
        server._BaseServer__shutdown_request = False
        assert not server._shutdown_requested.is_set()
