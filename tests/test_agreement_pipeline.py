"""The request pipeline and the server's life cycle: the same for the stdlib and for us.

Every test runs twice through the `ss` fixture: once on socketserver, once on socketserver_edu.
"""

import errno
import socket
import threading

import pytest

from tests.support import ANY_PORT, PATIENCE, connect, read_all, running


# The hooks one served request goes through, in order: the server's and the handler's.
SERVED = ["get_request", "verify_request", "process_request", "finish_request",
          "setup", "handle", "finish", "shutdown_request", "close_request"]


def recording_server(ss, calls, accept=True):
    """A TCPServer of module ss that appends the name of each pipeline hook to calls."""

    class Recording(ss.TCPServer):
        def get_request(self):
            calls.append("get_request")
            return super().get_request()

        def verify_request(self, request, client_address):
            calls.append("verify_request")
            return accept

        def process_request(self, request, client_address):
            calls.append("process_request")
            super().process_request(request, client_address)

        def finish_request(self, request, client_address):
            calls.append("finish_request")
            super().finish_request(request, client_address)

        def shutdown_request(self, request):
            calls.append("shutdown_request")
            super().shutdown_request(request)

        def close_request(self, request):
            calls.append("close_request")
            super().close_request(request)

        def handle_error(self, request, client_address):
            calls.append(("handle_error", client_address))
            super().handle_error(request, client_address)

        def handle_timeout(self):
            calls.append("handle_timeout")

    return Recording


def recording_handler(ss, calls):
    """A handler that records setup/handle/finish, reads a line, answers it; b"boom" raises."""

    class Handler(ss.StreamRequestHandler):
        def setup(self):
            calls.append("setup")
            super().setup()

        def handle(self):
            calls.append("handle")
            line = self.rfile.readline()  # blocking
            if line == b"boom\n":
                raise ValueError("boom")
            self.wfile.write(b"re: " + line)

        def finish(self):
            calls.append("finish")
            super().finish()

    return Handler


def ask(server, line):
    """Connect, send line, let the server handle that one request, return the answer."""
    with connect(server) as client:
        client.sendall(line)
        server.handle_request()
        return read_all(client)  # blocking


def test_the_pipeline_runs_in_order(ss):
    calls = []
    with recording_server(ss, calls)(ANY_PORT, recording_handler(ss, calls)) as server:
        assert ask(server, b"ping\n") == b"re: ping\n"
    assert calls == SERVED


def test_verify_request_false_drops_the_request(ss):
    calls = []
    server_class = recording_server(ss, calls, accept=False)
    with server_class(ANY_PORT, recording_handler(ss, calls)) as server:
        with connect(server) as client:
            server.handle_request()
            assert read_all(client) == b""  # end of file, and no answer
    assert calls == ["get_request", "verify_request", "shutdown_request", "close_request"]


def test_a_raising_handler_goes_to_handle_error_and_the_server_carries_on(ss, capsys):
    calls = []
    with recording_server(ss, calls)(ANY_PORT, recording_handler(ss, calls)) as server:
        with connect(server) as client:
            client.sendall(b"boom\n")
            server.handle_request()
            assert read_all(client) == b""
            failed_client = client.getsockname()
        assert ask(server, b"still there?\n") == b"re: still there?\n"
    failed = SERVED[:7] + [("handle_error", failed_client), "shutdown_request", "close_request"]
    assert calls == failed + SERVED
    printed = capsys.readouterr().err
    assert f"Exception occurred during processing of request from {failed_client}" in printed
    assert "ValueError: boom" in printed


def test_finish_runs_even_when_handle_raises(ss):
    calls = []

    class Failing(ss.BaseRequestHandler):
        def handle(self):
            calls.append("handle")
            raise ValueError("boom")

        def finish(self):
            calls.append("finish")

    with pytest.raises(ValueError):
        Failing(request=None, client_address=None, server=None)
    assert calls == ["handle", "finish"]


def test_handle_request_calls_handle_timeout_when_nothing_comes(ss):
    calls = []

    class Impatient(recording_server(ss, calls)):
        timeout = 0.01

    with Impatient(ANY_PORT, recording_handler(ss, calls)) as server:
        server.handle_request()  # blocking, for `timeout` seconds
    assert calls == ["handle_timeout"]


def test_serve_forever_calls_service_actions(ss):
    called = threading.Event()

    class Busy(ss.TCPServer):
        def service_actions(self):
            called.set()

    with running(Busy(ANY_PORT, ss.BaseRequestHandler)):
        assert called.wait(PATIENCE)  # blocking


def test_shutdown_from_another_thread_stops_serve_forever(ss):
    looping = threading.Event()

    class Server(ss.TCPServer):
        def service_actions(self):
            looping.set()

    with Server(ANY_PORT, ss.BaseRequestHandler) as server:
        loop = threading.Thread(target=server.serve_forever, args=(0.01,))
        loop.start()
        assert looping.wait(PATIENCE)  # blocking
        server.shutdown()  # blocking, until serve_forever has returned
        loop.join(PATIENCE)  # blocking
        assert not loop.is_alive()


@pytest.mark.parametrize("kind", ["TCPServer", "UDPServer"])
def test_server_close_closes_the_socket(ss, kind):
    server = getattr(ss, kind)(ANY_PORT, ss.BaseRequestHandler)
    assert server.socket.fileno() >= 0
    server.server_close()
    assert server.socket.fileno() == -1  # what a closed socket reports


@pytest.mark.parametrize("kind", ["TCPServer", "UDPServer"])
def test_the_with_statement_closes_the_socket(ss, kind):
    with getattr(ss, kind)(ANY_PORT, ss.BaseRequestHandler) as server:
        assert isinstance(server, getattr(ss, kind))
        assert server.socket.fileno() >= 0
    assert server.socket.fileno() == -1


@pytest.mark.parametrize("kind", ["TCPServer", "UDPServer"])
def test_fileno_is_the_sockets(ss, kind):
    with getattr(ss, kind)(ANY_PORT, ss.BaseRequestHandler) as server:
        assert server.fileno() == server.socket.fileno()


@pytest.mark.parametrize("kind", ["TCPServer", "UDPServer"])
def test_port_zero_becomes_a_real_port(ss, kind):
    with getattr(ss, kind)(ANY_PORT, ss.BaseRequestHandler) as server:
        host, port = server.server_address
        assert host == "127.0.0.1"
        assert port > 0
        assert server.server_address == server.socket.getsockname()


def test_bind_and_activate_by_hand(ss):
    calls = []
    server = ss.TCPServer(ANY_PORT, recording_handler(ss, calls), bind_and_activate=False)
    try:
        assert server.server_address == ANY_PORT  # nothing bound yet
        server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        server.server_bind()
        server.server_activate()
        assert server.server_address[1] > 0
        assert server.socket.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)
        assert ask(server, b"by hand\n") == b"re: by hand\n"
    finally:
        server.server_close()


@pytest.mark.parametrize("kind", ["TCPServer", "UDPServer"])
@pytest.mark.parametrize("reuse", [False, True])
def test_allow_reuse_address_sets_so_reuseaddr(ss, kind, reuse):
    class Server(getattr(ss, kind)):
        allow_reuse_address = reuse

    with Server(ANY_PORT, ss.BaseRequestHandler) as server:
        assert bool(server.socket.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)) is reuse


@pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="no SO_REUSEPORT here")
def test_allow_reuse_port_lets_two_servers_bind_one_port(ss):
    class Sharing(ss.TCPServer):
        allow_reuse_port = True

    with Sharing(ANY_PORT, ss.BaseRequestHandler) as first:
        with Sharing(first.server_address, ss.BaseRequestHandler) as second:
            assert second.server_address == first.server_address
        with pytest.raises(OSError) as caught:
            ss.TCPServer(first.server_address, ss.BaseRequestHandler)  # does not ask to share
        assert caught.value.errno == errno.EADDRINUSE


class ListenRecorder(socket.socket):
    """A socket that remembers the backlog it was asked to listen with."""

    def listen(self, backlog):
        self.backlog = backlog
        super().listen(backlog)


def test_request_queue_size_is_the_listen_backlog(ss):
    class Server(ss.TCPServer):
        request_queue_size = 7

    assert ss.TCPServer.request_queue_size == 5
    server = Server(ANY_PORT, ss.BaseRequestHandler, bind_and_activate=False)
    server.socket = ListenRecorder(fileno=server.socket.detach())  # same socket, watched
    try:
        server.server_bind()
        server.server_activate()
        assert server.socket.backlog == 7
    finally:
        server.server_close()
