"""The rig of 02_pipeline: what its tests run beside the student's GuardedServer."""

import socketserver_edu as socketserver

# What the handler raises for some lines, as a real handler would meet it.
RAISES = {
    b"crash\n": lambda: ValueError("the handler crashed"),  # a bug in the handler
    b"reset\n": lambda: ConnectionResetError(104, "Connection reset by peer"),  # client gone
    b"pipe\n": lambda: BrokenPipeError(32, "Broken pipe"),  # client gone, while we wrote
    b"slow\n": lambda: TimeoutError("timed out"),  # an OSError, but the client is still there
}


class Echo(socketserver.StreamRequestHandler):
    """Answers one line with the same line, or raises for the lines in RAISES."""

    handled = 0  # how many times a handler ran, over the whole test

    def handle(self):
        Echo.handled += 1
        line = self.rfile.readline()
        if line in RAISES:
            raise RAISES[line]()
        self.wfile.write(line)


def handled():
    return Echo.handled


def quota(server_class, max_per_host):
    """A subclass of server_class with another max_per_host."""
    return type("Quota", (server_class,), {"max_per_host": max_per_host})
