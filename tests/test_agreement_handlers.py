"""Request handlers, stream and datagram: the same for the stdlib and for us.

Every test runs twice through the `ss` fixture: once on socketserver, once on socketserver_edu.
The stream tests connect first and then call handle_request(), so the whole
exchange runs in the test's own thread.
"""

import socket

import pytest

from tests.support import ANY_PORT, PATIENCE, connect, read_all


def serve_one(ss, handler_class, data=b"", *, shut_write=True):
    """Send data to a fresh TCPServer, handle that one request, return the reply."""
    with ss.TCPServer(ANY_PORT, handler_class) as server:
        with connect(server) as client:
            client.sendall(data)
            if shut_write:
                client.shutdown(socket.SHUT_WR)
            server.handle_request()
            return read_all(client)  # blocking


def datagram_client():
    client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    client.settimeout(PATIENCE)
    client.bind(ANY_PORT)
    return client


def test_the_handler_knows_request_client_and_server(ss):
    seen = {}

    class Handler(ss.BaseRequestHandler):
        def handle(self):
            seen.update(peer=self.request.getpeername(), client=self.client_address,
                        server=self.server)

    with ss.TCPServer(ANY_PORT, Handler) as server:
        with connect(server) as client:
            server.handle_request()
            assert seen["client"] == client.getsockname()
            assert seen["peer"] == client.getsockname()  # request: the connection to us
        assert seen["server"] is server


def test_stream_handler_reads_rfile_and_writes_wfile(ss):
    class Echo(ss.StreamRequestHandler):
        def handle(self):
            for line in self.rfile:  # blocking
                self.wfile.write(line.upper())

    assert serve_one(ss, Echo, b"one\ntwo\n") == b"ONE\nTWO\n"


@pytest.mark.parametrize(("rbufsize", "left_in_socket"), [(-1, b""), (0, b"rest")])
def test_rbufsize_zero_reads_no_further_than_asked(ss, rbufsize, left_in_socket):
    """A buffered rfile takes all that has arrived; an unbuffered one leaves the rest unread."""
    class Handler(ss.StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline()
            self.wfile.write(line + self.request.recv(100))

    Handler.rbufsize = rbufsize
    assert serve_one(ss, Handler, b"line\nrest") == b"line\n" + left_in_socket


@pytest.mark.parametrize(("wbufsize", "order"), [(0, b"1234"), (65536, b"2134")])
def test_wbufsize_holds_writes_until_flush_or_finish(ss, wbufsize, order):
    """Writes to wfile go out at once when wbufsize is 0; otherwise at flush() and at finish()."""
    class Handler(ss.StreamRequestHandler):
        def handle(self):
            self.wfile.write(b"1")
            self.request.sendall(b"2")  # straight to the socket, past wfile
            self.wfile.flush()
            self.request.sendall(b"3")
            self.wfile.write(b"4")  # still buffered when handle() returns

    Handler.wbufsize = wbufsize
    assert serve_one(ss, Handler) == order


def test_timeout_makes_a_read_from_an_idle_client_raise(ss):
    class Handler(ss.StreamRequestHandler):
        timeout = 0.01

        def handle(self):
            try:
                self.rfile.read(1)  # blocking, for `timeout` seconds
            except TimeoutError:
                self.wfile.write(b"timed out")

    # The client sends nothing and keeps its side open: it is idle.
    assert serve_one(ss, Handler, shut_write=False) == b"timed out"


@pytest.mark.parametrize("disable", [False, True])
def test_disable_nagle_algorithm_sets_tcp_nodelay(ss, disable):
    class Handler(ss.StreamRequestHandler):
        disable_nagle_algorithm = disable

        def handle(self):
            nodelay = self.request.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            self.wfile.write(b"on" if nodelay else b"off")

    assert serve_one(ss, Handler) == (b"on" if disable else b"off")


def test_datagram_handler_gets_data_and_socket_and_replies_in_one_datagram(ss):
    seen = {}

    class Handler(ss.DatagramRequestHandler):
        def handle(self):
            data, sock = self.request
            seen.update(data=data, is_server_socket=sock is self.server.socket)
            self.wfile.write(b"got ")
            self.wfile.write(self.rfile.read())

    with ss.UDPServer(ANY_PORT, Handler) as server, datagram_client() as client:
        client.sendto(b"hello", server.server_address)
        server.handle_request()
        reply, sender = client.recvfrom(100)  # blocking
    assert reply == b"got hello"  # two writes, one datagram
    assert sender == server.server_address
    assert seen == {"data": b"hello", "is_server_socket": True}


def test_max_packet_size_truncates_a_datagram(ss):
    class Echo(ss.DatagramRequestHandler):
        def handle(self):
            self.wfile.write(self.rfile.read())

    class Small(ss.UDPServer):
        max_packet_size = 4

    assert ss.UDPServer.max_packet_size == 8192
    with Small(ANY_PORT, Echo) as server, datagram_client() as client:
        client.sendto(b"abcdefgh", server.server_address)
        server.handle_request()
        assert client.recv(100) == b"abcd"  # blocking
