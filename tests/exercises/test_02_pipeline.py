"""02_pipeline: verify_request lets in allowed hosts only; handle_error records and carries on."""

import socket

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "02_pipeline"


def echo_handler(exercise):
    class Echo(exercise.socketserver.StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline()
            if line == b"crash\n":
                raise ValueError("the handler crashed")
            self.wfile.write(line)
    return Echo


def ask(server, line):
    """Send one line, let the server handle one request, return what came back."""
    with socket.create_connection(server.server_address, timeout=ANSWER_WITHIN) as client:
        client.sendall(line)
        server.handle_request()
        return client.makefile("rb").read()


def test_an_allowed_client_is_served(exercise):
    with exercise.GuardedServer(("127.0.0.1", 0), echo_handler(exercise)) as server:
        assert ask(server, b"hello\n") == b"hello\n"
        assert server.refused == 0


def test_a_client_from_another_host_is_refused_and_counted(exercise):
    class OnlyElsewhere(exercise.GuardedServer):
        allowed_hosts = {"192.0.2.1"}  # a documentation address: never us

    with OnlyElsewhere(("127.0.0.1", 0), echo_handler(exercise)) as server:
        assert ask(server, b"hello\n") == b"", "a refused client should get no answer"
        assert server.refused == 1


def test_a_crash_is_recorded_and_the_next_client_is_served(exercise):
    with exercise.GuardedServer(("127.0.0.1", 0), echo_handler(exercise)) as server:
        assert ask(server, b"crash\n") == b""
        assert [type(error) for error in server.errors] == [ValueError]
        assert ask(server, b"still there?\n") == b"still there?\n"
        assert len(server.errors) == 1



