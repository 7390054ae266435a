"""Every transport echoes, synchronous, threaded or forked: the same for the stdlib and for us.

Every test runs twice through the `ss` fixture: once on socketserver, once on socketserver_edu.
"""

import os
import socket

import pytest

from tests.support import ANY_PORT, PATIENCE, exchange, read_all, running

CONCURRENCY = ["", "Threading", pytest.param("Forking", marks=pytest.mark.forking)]


def ipv6_loopback_works():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


needs_ipv6 = pytest.mark.skipif(not ipv6_loopback_works(), reason="this machine has no ::1")


def server_class(ss, concurrency, base):
    """The ready-made class of ss, e.g. ThreadingUDPServer for ("Threading", "UDPServer")."""
    name = concurrency + base
    if hasattr(ss, name):
        return getattr(ss, name)
    # The stdlib has no ForkingUnix* servers before 3.12: build them the way it does.
    return type(name, (getattr(ss, concurrency + "MixIn"), getattr(ss, base)), {})


def stream_echo(ss):
    class Echo(ss.StreamRequestHandler):
        def handle(self):
            self.wfile.write(b"echo: " + self.rfile.read())  # blocking, until end of file
    return Echo


def datagram_echo(ss):
    class Echo(ss.DatagramRequestHandler):
        def handle(self):
            self.wfile.write(b"echo: " + self.rfile.read())
    return Echo


def datagram_round_trip(server, client, data):
    """Send data from client to server in one datagram; return the reply."""
    client.settimeout(PATIENCE)
    client.sendto(data, server.server_address)
    return client.recv(65536)  # blocking


@pytest.mark.parametrize("concurrency", CONCURRENCY)
def test_tcp(ss, concurrency):
    cls = server_class(ss, concurrency, "TCPServer")
    with running(cls(ANY_PORT, stream_echo(ss))) as server:
        assert server.socket.family == socket.AF_INET
        assert server.socket.type == socket.SOCK_STREAM
        assert exchange(server, b"over tcp") == b"echo: over tcp"


@pytest.mark.parametrize("concurrency", CONCURRENCY)
def test_udp(ss, concurrency):
    cls = server_class(ss, concurrency, "UDPServer")
    with running(cls(ANY_PORT, datagram_echo(ss))) as server:
        assert server.socket.type == socket.SOCK_DGRAM
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            assert datagram_round_trip(server, client, b"over udp") == b"echo: over udp"


@pytest.mark.parametrize("concurrency", CONCURRENCY)
def test_unix_stream(ss, concurrency, unix_address):
    cls = server_class(ss, concurrency, "UnixStreamServer")
    with running(cls(unix_address, stream_echo(ss))) as server:
        assert server.server_address == unix_address
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(PATIENCE)
            client.connect(unix_address)
            client.sendall(b"over a unix stream")
            client.shutdown(socket.SHUT_WR)
            assert read_all(client) == b"echo: over a unix stream"
    os.unlink(unix_address)  # servers leave the socket file behind


@pytest.mark.parametrize("concurrency", CONCURRENCY)
def test_unix_datagram(ss, concurrency, unix_address):
    cls = server_class(ss, concurrency, "UnixDatagramServer")
    client_address = unix_address + ".client"  # a reply needs an address to go to
    with running(cls(unix_address, datagram_echo(ss))) as server:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as client:
            client.bind(client_address)
            reply = datagram_round_trip(server, client, b"over unix datagrams")
            assert reply == b"echo: over unix datagrams"
    os.unlink(client_address)
    os.unlink(unix_address)


@needs_ipv6
@pytest.mark.parametrize("concurrency", CONCURRENCY)
def test_tcp_over_ipv6(ss, concurrency):
    class Server(server_class(ss, concurrency, "TCPServer")):
        address_family = socket.AF_INET6

    with running(Server(("::1", 0), stream_echo(ss))) as server:
        host, port = server.server_address[:2]
        assert host == "::1"
        with socket.create_connection((host, port), timeout=PATIENCE) as client:
            client.sendall(b"over tcp6")
            client.shutdown(socket.SHUT_WR)
            assert read_all(client) == b"echo: over tcp6"


@needs_ipv6
@pytest.mark.parametrize("concurrency", CONCURRENCY)
def test_udp_over_ipv6(ss, concurrency):
    class Server(server_class(ss, concurrency, "UDPServer")):
        address_family = socket.AF_INET6

    with running(Server(("::1", 0), datagram_echo(ss))) as server:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as client:
            assert datagram_round_trip(server, client, b"over udp6") == b"echo: over udp6"
