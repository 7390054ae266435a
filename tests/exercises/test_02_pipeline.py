"""02_pipeline: verify_request lets in allowed hosts only; handle_error records and carries on."""

import socket

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "02_pipeline"
ADDRESS = ("127.0.0.1", 0)


def ask(server, line):
    """Send one line, let the server handle one request, return what came back."""
    with socket.create_connection(server.server_address, timeout=ANSWER_WITHIN) as client:
        client.sendall(line)
        server.handle_request()
        return client.makefile("rb").read()


def test_an_allowed_client_is_served(subject):
    with subject.exercise.GuardedServer(ADDRESS, subject.rig.Echo) as server:
        assert ask(server, b"hello\n") == b"hello\n"
        assert server.refused == 0


def test_a_client_from_another_host_is_refused_and_counted(subject):
    elsewhere = subject.rig.only_from(subject.exercise.GuardedServer, ["192.0.2.1"])
    with elsewhere(ADDRESS, subject.rig.Echo) as server:
        assert ask(server, b"hello\n") == b"", "a refused client should get no answer"
        assert server.refused == 1


def test_a_crash_is_recorded_and_the_next_client_is_served(subject):
    with subject.exercise.GuardedServer(ADDRESS, subject.rig.Echo) as server:
        assert ask(server, b"crash\n") == b""
        assert [error.type for error in server.errors] == ["ValueError"]
        assert ask(server, b"still there?\n") == b"still there?\n"
        assert len(server.errors) == 1
