"""The stdlib's xmlrpc.server, rebuilt on socketserver_edu, answers xmlrpc.client."""

import http.server
import socketserver
import sys
import xmlrpc.client

import pytest

import socketserver_edu
from tests.stdlib_on_edu import edu_http_server, edu_xmlrpc_server
from tests.support import ANY_PORT, PATIENCE, running

STDLIB_CLASSES = {value for value in vars(socketserver).values() if isinstance(value, type)}


class PatientTransport(xmlrpc.client.Transport):
    """The default transport, but a silent server makes the call fail instead of hang."""

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = PATIENCE
        return connection


@pytest.fixture
def proxy():
    """A client for a SimpleXMLRPCServer (ours underneath) offering add() and shout()."""
    server = edu_xmlrpc_server().SimpleXMLRPCServer(ANY_PORT, logRequests=False)
    server.register_function(lambda a, b: a + b, "add")
    server.register_function(lambda text: text.upper() + "!", "shout")
    with running(server):
        host, port = server.server_address
        with xmlrpc.client.ServerProxy(f"http://{host}:{port}/",
                                       transport=PatientTransport()) as client:
            yield client


def test_the_copy_is_built_on_socketserver_edu_and_the_edu_http_server():
    module = edu_xmlrpc_server()
    server_mro = module.SimpleXMLRPCServer.__mro__
    handler_mro = module.SimpleXMLRPCRequestHandler.__mro__
    assert socketserver_edu.TCPServer in server_mro
    assert edu_http_server().BaseHTTPRequestHandler in handler_mro
    assert socketserver_edu.StreamRequestHandler in handler_mro
    assert not STDLIB_CLASSES & (set(server_mro) | set(handler_mro))
    # Loading the copy swapped these entries only for a moment.
    assert sys.modules["socketserver"] is socketserver
    assert sys.modules["http.server"] is http.server


def test_calls_registered_functions(proxy):
    assert proxy.add(2, 3) == 5
    assert proxy.add("drop", "-in") == "drop-in"
    assert proxy.shout("hello") == "HELLO!"


def test_an_unknown_method_is_a_fault(proxy):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        proxy.divide(1, 0)
    assert "divide" in caught.value.faultString
    assert proxy.add(1, 1) == 2  # the server carries on
