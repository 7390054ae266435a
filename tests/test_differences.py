"""Where socketserver_edu deliberately differs from the stdlib, one test per difference.

The last test checks the rest of the public surface, so that no difference goes unnamed.
"""

import socketserver
import sys

import pytest

import socketserver_edu
from socketserver_edu.servers import BaseSocketServer


def test_udp_server_is_not_a_kind_of_tcp_server():
    """The stdlib's UDPServer inherits from TCPServer to reuse its socket code, which
    teaches that a datagram server is a stream server. Ours puts that code in
    BaseSocketServer and derives both from it."""
    assert issubclass(socketserver.UDPServer, socketserver.TCPServer)
    assert not issubclass(socketserver_edu.UDPServer, socketserver_edu.TCPServer)
    for server_class in (socketserver_edu.TCPServer, socketserver_edu.UDPServer):
        assert issubclass(server_class, BaseSocketServer)


def test_forking_unix_servers_exist_on_every_python():
    """The stdlib added ForkingUnixStreamServer and ForkingUnixDatagramServer in 3.12;
    they are one line each, so ours offers them on 3.11 too."""
    pairs = [("ForkingUnixStreamServer", socketserver_edu.UnixStreamServer),
             ("ForkingUnixDatagramServer", socketserver_edu.UnixDatagramServer)]
    for name, base in pairs:
        server_class = getattr(socketserver_edu, name)
        assert server_class.__bases__ == (socketserver_edu.ForkingMixIn, base)
        assert hasattr(socketserver, name) is (sys.version_info >= (3, 12))


def test_datagram_servers_have_no_listen_backlog():
    """request_queue_size is the backlog passed to listen(), and datagram sockets never
    listen. The stdlib's UDP servers carry it anyway, inherited from TCPServer; ours do not."""
    assert socketserver.UDPServer.request_queue_size == 5
    assert not hasattr(socketserver_edu.UDPServer, "request_queue_size")
    assert socketserver_edu.TCPServer.request_queue_size == 5


# Attributes of the stdlib's UDP-based servers that ours lack on purpose (named above).
NAMED_DIFFERENCES = {"request_queue_size"}
UDP_BASED = {name for name in socketserver.__all__
             if issubclass(getattr(socketserver_edu, name, object), socketserver_edu.UDPServer)}


@pytest.mark.parametrize("name", socketserver.__all__)
def test_every_other_public_attribute_agrees(name):
    """Drop-in means every public attribute of a stdlib class exists in ours, and every
    setting (a non-callable class attribute) has the same default. Ours may add some."""
    theirs, ours = getattr(socketserver, name), getattr(socketserver_edu, name)
    public = [attribute for attribute in dir(theirs) if not attribute.startswith("_")]
    if name in UDP_BASED:
        public = [attribute for attribute in public if attribute not in NAMED_DIFFERENCES]
    assert [attribute for attribute in public if not hasattr(ours, attribute)] == []
    settings = [attribute for attribute in public if not callable(getattr(theirs, attribute))]
    assert {a: getattr(ours, a) for a in settings} == {a: getattr(theirs, a) for a in settings}
