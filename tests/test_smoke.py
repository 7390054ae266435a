import socketserver
import sys
from tests.support import ANY_PORT, exchange, running

class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.read())

def test_echo(ss):
    class Handler(ss.StreamRequestHandler):
        def handle(self):
            self.wfile.write(self.rfile.read())
    for cls in (ss.TCPServer, ss.ThreadingTCPServer, ss.ForkingTCPServer):
        with running(cls(ANY_PORT, Handler)) as server:
            assert exchange(server, b"hello") == b"hello"
