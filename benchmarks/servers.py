"""The servers under test, and the server process: ``python -m benchmarks.servers VARIANT``.

The process builds one server on 127.0.0.1, port 0, prints its port on a line
of its own, then runs serve_forever() in its main thread, so that the thread
count read from /proc is the server's own: 1 means the serving loop and nothing
else. It stops on SIGINT (what the parent sends, and what Ctrl-C sends).

Every variant runs the same protocol: each line a client sends comes back.
"""

import socket
import socketserver
import sys
import threading

import socketserver_edu
from benchmarks.children import allow_many_files, die_with_parent, obey_sigint

LOCALHOST = "127.0.0.1"
MAX_LINE = 64 * 1024  # a longer line is cut, never read into memory whole
CHUNK = 4096  # bytes asked of each recv(); a larger buffer costs time to allocate on every call


def stream_echo(module):
    """A StreamRequestHandler of module (stdlib or edu) that echoes lines until the client closes."""

    class LineEcho(module.StreamRequestHandler):
        def handle(self):
            try:
                while line := self.rfile.readline(MAX_LINE):  # blocking
                    self.wfile.write(line)
            except ConnectionResetError:
                pass  # a client that closes with a reply unread resets the connection: it has left

    return LineEcho


def evented_echo():
    """A LineHandler for the event-driven server that echoes each line."""
    from socketserver_edu.evented import LineHandler

    class LineEcho(LineHandler):
        def line_received(self, line):
            self.send(line + b"\n")

    return LineEcho


class RawThreadedEcho:
    """The baseline without a framework: accept, one thread per connection, recv and sendall."""

    def __init__(self, server_address):
        self.socket = socket.create_server(server_address, backlog=5)  # as TCPServer's queue
        self.server_address = self.socket.getsockname()

    def serve_forever(self):
        """Accept connections until interrupted; each gets a thread that echoes its bytes."""
        while True:
            connection, _ = self.socket.accept()  # blocking
            threading.Thread(target=self.echo, args=(connection,), daemon=True).start()

    def echo(self, connection):
        # Echoing bytes as they come needs no line framing: the reply is still the line.
        with connection:
            while data := connection.recv(CHUNK):  # blocking
                connection.sendall(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.socket.close()


def worker_pool_waiting():
    """The worker pool with when_full = "wait": beyond its places, stop accepting."""
    from socketserver_edu.pool import WorkerPoolTCPServer

    class WaitingPool(WorkerPoolTCPServer):
        when_full = "wait"

    return WaitingPool


def build(variant, address):
    """A new server of the named variant, bound and listening on address."""
    if variant == "raw-threads":
        return RawThreadedEcho(address)
    if variant == "stdlib-threading":
        return socketserver.ThreadingTCPServer(address, stream_echo(socketserver))
    if variant == "edu-threading":
        return socketserver_edu.ThreadingTCPServer(address, stream_echo(socketserver_edu))
    if variant == "stdlib-sync":
        return socketserver.TCPServer(address, stream_echo(socketserver))
    if variant == "edu-sync":
        return socketserver_edu.TCPServer(address, stream_echo(socketserver_edu))
    if variant == "edu-pool":
        from socketserver_edu.pool import WorkerPoolTCPServer
        return WorkerPoolTCPServer(address, stream_echo(socketserver_edu))
    if variant == "edu-pool-wait":
        return worker_pool_waiting()(address, stream_echo(socketserver_edu))
    if variant == "edu-evented":
        from socketserver_edu.evented import EventDrivenTCPServer
        return EventDrivenTCPServer(address, evented_echo())
    raise ValueError(f"unknown server variant {variant!r}")


VARIANTS = {
    "raw-threads": "raw sockets, a thread per connection, no framework",
    "stdlib-threading": "socketserver.ThreadingTCPServer",
    "edu-threading": "socketserver_edu.ThreadingTCPServer",
    "stdlib-sync": "socketserver.TCPServer (one request at a time)",
    "edu-sync": "socketserver_edu.TCPServer (one request at a time)",
    "edu-pool": "socketserver_edu.pool.WorkerPoolTCPServer (defaults: 8 workers, when_full='refuse')",
    "edu-pool-wait": "WorkerPoolTCPServer with when_full='wait'",
    "edu-evented": "socketserver_edu.evented.EventDrivenTCPServer (one thread)",
}


def main(variant):
    die_with_parent()
    obey_sigint()
    allow_many_files()
    server = build(variant, (LOCALHOST, 0))
    with server:
        print(server.server_address[1], flush=True)  # the parent waits for this line
        try:
            server.serve_forever()  # blocking, in the main thread
        except KeyboardInterrupt:
            pass  # the parent's (or the user's) signal to stop


if __name__ == "__main__":
    main(sys.argv[1])
