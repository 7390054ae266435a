"""02_serve_many: one loop in one thread serves several servers, until it is told to stop."""

import select
import socket
from time import monotonic

import pytest

from course_tools.harness import Stuck, SubjectGone
from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "02_serve_many"
ADDRESS = ("127.0.0.1", 0)
POLL = 0.05  # the poll_interval given to serve_many, and the slice a client waits at a time
WATCH_WITHIN = 1.0  # the longest we wait for the loop to be back in select() after a request
WHAT_IT_DOES = {
    "handle_request": "which waits until server {label} has a client of its own, and none came",
    "serve_forever": "which serves server {label} alone and returns only after a shutdown()",
}


def raised(error):
    """What serve_many raised, named as in the student's code."""
    return str(getattr(error, "remote", None) or error)


class Runner:
    """Run serve_many(servers, stop, POLL) in a thread of the subject named "serve_many"."""

    def __init__(self, subject, servers):
        self.subject, self.servers = subject, servers
        self.stop = subject.rig.Event()  # in the subject, where serve_many looks at it
        self.watch = subject.rig.watch
        self.watch.install(subject.exercise)
        self.calls_at_stop = None  # select() calls the loop had made when stop was set
        self.asked = {}  # label of a server -> how many clients it was sent

    def __enter__(self):
        self.loop = self.subject.start(self.subject.exercise.serve_many, self.servers, self.stop,
                                       POLL, thread="serve_many")
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None:
            return  # the first failure is the one to read; the sandbox's end stops the loop
        if not self.loop.done:
            self.wait_until_back_in_select()  # so every run sets stop at the same moment
        self.set_stop()
        self.assert_returned()

    def set_stop(self):
        self.calls_at_stop = self.subject.call_within(1.0, self.watch.report)["calls"]
        self.stop.set()

    def assert_returned(self):
        """Fail, saying what the loop was doing, unless serve_many returns within ANSWER_WITHIN."""
        if not self.returned(ANSWER_WITHIN):
            pytest.fail(f"serve_many was still running {ANSWER_WITHIN:g} s after stop was set, "
                        f"while no client came: {self.what_the_loop_does()}", pytrace=False)

    def returned(self, within):
        """True if serve_many has returned within seconds; fails the test if it raised."""
        if not self.loop.join(within):
            return False
        problem = None
        try:
            self.loop.result(0)
        except (Stuck, SubjectGone):
            raise
        except Exception as error:  # noqa: BLE001 -- whatever it was, the student reads it
            problem = error
        if problem is not None:  # failed out here, so the report shows this message alone
            pytest.fail(f"serve_many raised {raised(problem)}", pytrace=False)
        return True

    def wait_until_back_in_select(self):
        """Wait until the loop waits in select() again after the last request.

        If your code uses no selector of the selectors module, there is nothing to wait for.
        """
        self.subject.call_within(WATCH_WITHIN + 1, self.watch.wait_until_back_in_select,
                                 WATCH_WITHIN)

    def what_the_loop_does(self):
        """What the loop is doing now, as the servers and the selectors saw it: one sentence."""
        seen = self.subject.call_within(1.0, self.watch.report) or {}
        place = self.subject.stuck_at("serve_many")
        line = f" (in {place[0]}, line {place[1]} of your file)" if place else ""
        for label, method in sorted(seen.get("inside", {}).items()):
            does = WHAT_IT_DOES.get(method, "").format(label=label)
            return f"the loop was inside server {label}'s {method}(){line}, {does}"
        if seen.get("selecting"):
            labels = [server.label for server in self.servers]
            unwatched = [label for label in labels if label not in seen.get("watched", [])]
            if seen.get("timeout") is None:
                return (f"the loop was waiting in select() with no time limit (timeout=None)"
                        f"{line}, so only a client could wake it up")
            if unwatched:
                return (f"the loop was waiting in select(){line}, and its selector watched "
                        f"only server {', '.join(seen.get('watched')) or 'none'}, not "
                        f"server {', '.join(unwatched)}")
        if self.calls_at_stop is not None and seen.get("calls", 0) > self.calls_at_stop + 1:
            return (f"its loop kept turning{line}: it called select() again and again after "
                    "stop was set, and never ended")
        return f"its thread was still busy{line}" if line else "its thread was still busy"

    def ask(self, server, line):
        """Send one line to server and return its answer; fail, saying why, if none comes."""
        number = self.asked[server.label] = self.asked.get(server.label, 0) + 1
        with socket.create_connection(server.server_address, timeout=ANSWER_WITHIN) as client:
            client.sendall(line)
            deadline = monotonic() + ANSWER_WITHIN
            while True:
                if select.select([client], [], [], POLL)[0]:  # blocking, for one slice
                    return client.makefile("rb").read()
                if self.returned(0):
                    pytest.fail("serve_many returned although stop was not set", pytrace=False)
                if monotonic() > deadline:
                    pytest.fail(f"client {number} of server {server.label} got no answer within "
                                f"{ANSWER_WITHIN:g} s: {self.what_the_loop_does()}",
                                pytrace=False)


def accepts_connections(server):
    """True if a client can still connect: the server's socket is open."""
    try:
        socket.create_connection(server.server_address, timeout=ANSWER_WITHIN).close()
    except ConnectionRefusedError:
        return False
    return True


def two_servers(subject):
    """Two servers in the subject: A answers "A " + the line, B "B " + the line."""
    return (subject.rig.Server(ADDRESS, subject.rig.tagging(b"A "), "A"),
            subject.rig.Server(ADDRESS, subject.rig.tagging(b"B "), "B"))


def test_each_server_answers_its_own_clients(subject):
    first, second = two_servers(subject)
    with first, second, Runner(subject, [first, second]) as runner:
        # Two clients in a row for each server: the other server is quiet meanwhile.
        answers = [runner.ask(first, b"one\n"), runner.ask(first, b"two\n"),
                   runner.ask(second, b"three\n"), runner.ask(second, b"four\n"),
                   runner.ask(first, b"five\n")]
    assert answers == [b"A one\n", b"A two\n", b"B three\n", b"B four\n", b"A five\n"], (
        "each server should answer its own clients with its own handler (A answers "
        "b'A ' + the line, B b'B ' + the line)")


def test_every_request_is_served_in_the_one_calling_thread(subject):
    first, second = two_servers(subject)
    with first, second, Runner(subject, [first, second]) as runner:
        assert runner.ask(first, b"one\n") == b"A one\n"
        assert runner.ask(second, b"two\n") == b"B two\n"
    assert subject.rig.Tagging.threads_seen == ["serve_many", "serve_many"], (
        "every request should be served by the thread that called serve_many, not by new threads")


def test_serve_many_returns_soon_after_stop_is_set_while_no_client_comes(subject):
    first, second = two_servers(subject)
    with first, second:
        with Runner(subject, [first, second]) as runner:
            assert runner.ask(first, b"one\n") == b"A one\n"
            runner.wait_until_back_in_select()  # waiting for a client that will not come
            runner.set_stop()  # no client comes after this: only the timeout can wake select()
            runner.assert_returned()
        assert first.fileno() != -1 and second.fileno() != -1, (
            "serve_many should not close the servers: whoever made them closes them")
        assert accepts_connections(first) and accepts_connections(second), (
            "serve_many should not close the servers: whoever made them closes them")
