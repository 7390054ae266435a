"""02_pipeline: a quota of requests per client host, and a record of the handler's errors."""

import socket

import pytest

from course_tools.plaindata import ExceptionData
from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "02_pipeline"
ADDRESS = ("127.0.0.1", 0)
HERE, ELSEWHERE = "127.0.0.1", "127.0.0.2"  # two client hosts: both are this machine's loopback


class Client:
    """One connection from host to the server, whose request the server handles at once."""

    def __init__(self, server, host=HERE):
        self.sock = socket.create_connection(server.server_address, timeout=ANSWER_WITHIN,
                                             source_address=(host, 0))
        self.address = self.sock.getsockname()  # what the server sees as client_address

    def ask(self, server, line):
        """Send line, let the server handle one request, return all it sent back."""
        with self.sock:
            self.sock.sendall(line)
            problem = None
            try:
                server.handle_request()
            except Exception as error:  # noqa: BLE001 -- whatever it was, the student reads it
                problem = error
            if problem is not None:  # failed out here, so the report shows this message alone
                pytest.fail(f"the server stopped serving: handle_request() raised {problem!r} "
                            f"while it handled the line {line!r}. Your hooks should decide, or "
                            "record the error, and return, so the server goes on", pytrace=False)
            return self.sock.makefile("rb").read()


def ask(server, line, host=HERE):
    return Client(server, host).ask(server, line)


def printed(subject):
    """What the student's process wrote to stderr (a traceback, say)."""
    return subject.output()[1].strip()


def test_each_host_is_served_up_to_its_quota_then_refused(subject):
    with subject.exercise.GuardedServer(ADDRESS, subject.rig.Echo) as server:
        answers = [ask(server, f"hello {n}\n".encode()) for n in (1, 2, 3)]
        assert answers == [b"hello 1\n", b"hello 2\n", b"hello 3\n"], (
            "each of the first 3 requests from 127.0.0.1 should be answered (max_per_host = 3)")
        assert ask(server, b"one more\n") == b"", (
            "the 4th connection from 127.0.0.1 should be closed unserved: its host used its "
            "quota of 3 (each connection comes from a new port, but the host is the same)")
        assert subject.rig.handled() == 3, "the handler should not run for a refused connection"
        assert server.refused == 1, "self.refused should count the connection turned away"
        assert server.served_per_host == {HERE: 3}, (
            "self.served_per_host should map each host to its requests let in")


def test_another_host_keeps_its_own_quota(subject):
    with subject.rig.quota(subject.exercise.GuardedServer, 1)(ADDRESS, subject.rig.Echo) as server:
        assert ask(server, b"first\n") == b"first\n", "the first request should be answered"
        assert ask(server, b"second\n") == b"", (
            "with max_per_host = 1, the second connection from 127.0.0.1 should be refused")
        assert ask(server, b"from elsewhere\n", host=ELSEWHERE) == b"from elsewhere\n", (
            "a client from another host (127.0.0.2) should be served: its host has a quota "
            "of its own")
        assert server.served_per_host == {HERE: 1, ELSEWHERE: 1}
        assert server.refused == 1


def test_a_crash_is_recorded_with_its_client_and_the_next_client_is_served(subject):
    with subject.exercise.GuardedServer(ADDRESS, subject.rig.Echo) as server:
        client = Client(server)
        assert client.ask(server, b"crash\n") == b"", "the crashed request gets no answer"
        assert ask(server, b"still there?\n") == b"still there?\n", (
            "after a crash, the next client should be served")
        errors = server.errors
        assert len(errors) == 1, f"self.errors should hold the 1 crash, not {len(errors)} items"
        where, error = errors[0]
        assert tuple(where) == client.address, (
            "the first item of each record should be the client_address of the request that "
            "failed")
        assert isinstance(error, ExceptionData), (
            f"the second item should be the exception object the handler raised, not {error!r}")
        assert (error.type, error.message) == ("ValueError", "the handler crashed")
        assert server.hangups == 0
        assert "Traceback" not in printed(subject), (
            "nothing should be printed: the error goes into self.errors instead")


def test_a_client_that_hung_up_is_counted_not_recorded(subject):
    with subject.exercise.GuardedServer(ADDRESS, subject.rig.Echo) as server:
        ask(server, b"reset\n")  # the handler meets ConnectionResetError
        ask(server, b"pipe\n")  # and then BrokenPipeError
        recorded = [error.type for _client, error in server.errors]
        assert recorded == [], (
            f"a client that hung up is no error of the server, but self.errors holds {recorded}: "
            "ConnectionResetError and BrokenPipeError are both kinds of ConnectionError")
        assert server.hangups == 2, "self.hangups should count both clients that hung up"
        assert "Traceback" not in printed(subject), "nothing should be printed"


def test_a_timeout_is_an_error_not_a_hang_up(subject):
    with subject.exercise.GuardedServer(ADDRESS, subject.rig.Echo) as server:
        # The handler meets a timeout: an OSError, not a ConnectionError. (The failure messages
        # avoid the exception's class name: the checker reads that name as "no answer in time".)
        ask(server, b"slow\n")
        assert server.hangups == 0, (
            "a handler that timed out was counted as a hang-up: a timeout is an OSError but "
            "not a ConnectionError, and its client is still there")
        recorded_the_timeout = [error.type for _client, error in server.errors] == ["TimeoutError"]
        assert recorded_the_timeout, "self.errors should hold the timeout, and nothing else"
        assert ask(server, b"next\n") == b"next\n", "the next client should be served"
