"""The rig of 02_pipeline: what its tests run beside the student's GuardedServer."""

import socketserver_edu as socketserver


class Echo(socketserver.StreamRequestHandler):
    """Answers one line with the same line; the line b"crash" makes it raise instead."""

    def handle(self):
        line = self.rfile.readline()
        if line == b"crash\n":
            raise ValueError("the handler crashed")
        self.wfile.write(line)


def only_from(server_class, hosts):
    """A subclass of server_class that allows only hosts."""
    return type("OnlyFrom", (server_class,), {"allowed_hosts": set(hosts)})
