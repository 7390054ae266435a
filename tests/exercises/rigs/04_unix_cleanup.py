"""The rig of 04_unix_cleanup: what its tests run beside the student's CleanUnixStreamServer."""

import socketserver_edu as socketserver


class EchoLine(socketserver.StreamRequestHandler):
    """Answers one line with the same line."""

    def handle(self):
        self.wfile.write(self.rfile.readline())
