"""05_shared_counter: many handler threads share one Tally; no update is lost, snapshots agree."""

import contextlib
import socket

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "05_shared_counter"
ADDRESS = ("127.0.0.1", 0)
CLIENTS = 20  # connected at the same time
ADDS_PER_CLIENT = 10
NAMES = ("apples", "pears")  # client i adds to NAMES[i % 2]
EXPECTED = {name: CLIENTS // len(NAMES) * ADDS_PER_CLIENT for name in NAMES}
MAX_SHOWS = 2000  # a bound on the loop that watches the tally while others add


def connect(server):
    client = socket.create_connection(server.server_address, timeout=ANSWER_WITHIN)
    return client, client.makefile("rb")


def ask(client, answers, command):
    """Send one command line, return the server's answer line without its newline."""
    client.sendall(command + b"\n")
    return answers.readline().rstrip(b"\n").decode()  # blocking


def parse_show(answer):
    """'apples=3 pears=2 total=5' -> ({'apples': 3, 'pears': 2}, 5)."""
    pairs = dict(word.split("=") for word in answer.split())
    total = int(pairs.pop("total"))
    return {name: int(count) for name, count in pairs.items()}, total


@contextlib.contextmanager
def adders(server):
    """CLIENTS connections, each with ADDS_PER_CLIENT add commands sent at once.

    Yields a function that reads every "ok" and returns them.
    """
    with contextlib.ExitStack() as stack:
        connections = []
        for _ in range(CLIENTS):
            client, answers = connect(server)
            stack.enter_context(client)
            stack.enter_context(answers)
            connections.append((client, answers))
        for number, (client, _answers) in enumerate(connections):
            client.sendall(f"add {NAMES[number % len(NAMES)]} 1\n".encode() * ADDS_PER_CLIENT)

        def read_oks():
            return [answers.readline() for _client, answers in connections
                    for _ in range(ADDS_PER_CLIENT)]  # blocking

        yield read_oks


def test_one_client_adds_and_shows(subject):
    with subject.running(subject.exercise.TallyServer(ADDRESS)) as server:
        client, answers = connect(server)
        with client, answers:
            assert ask(client, answers, b"add apples 2") == "ok"
            assert ask(client, answers, b"add pears 3") == "ok"
            assert ask(client, answers, b"add apples 1") == "ok"
            assert ask(client, answers, b"show") == "apples=3 pears=3 total=6"


def test_many_clients_adding_at_once_lose_no_update(subject):
    with subject.running(subject.exercise.TallyServer(ADDRESS)) as server:
        with adders(server) as read_oks:
            oks = read_oks()
        client, answers = connect(server)
        with client, answers:
            counts, total = parse_show(ask(client, answers, b"show"))
    assert oks == [b"ok\n"] * (CLIENTS * ADDS_PER_CLIENT)
    assert (counts, total) == (EXPECTED, sum(EXPECTED.values())), (
        f"{CLIENTS} clients added 1 each {ADDS_PER_CLIENT} times; updates were lost "
        f"(the tally says {counts}, total={total}): hold the lock for the whole of _change()")


def test_every_show_during_adds_has_counts_that_add_up_to_the_total(subject):
    final_total = sum(EXPECTED.values())
    mismatches, shows = [], 0
    with subject.running(subject.exercise.TallyServer(ADDRESS)) as server:
        with adders(server) as read_oks:
            client, answers = connect(server)
            with client, answers:
                total = 0
                while total != final_total and shows < MAX_SHOWS:
                    counts, total = parse_show(ask(client, answers, b"show"))
                    shows += 1
                    if sum(counts.values()) != total:
                        mismatches.append((counts, total))
            read_oks()
    assert not mismatches, (
        f"{len(mismatches)} of {shows} snapshots taken during the adds did not add up, "
        f"e.g. counts {mismatches[0][0]} but total={mismatches[0][1]}: "
        f"snapshot() should read the counts and the total while holding the lock")
    assert total == final_total, f"updates were lost: the total is {total}, not {final_total}"


def test_a_snapshot_is_a_copy_that_later_adds_do_not_change(subject):
    tally = subject.exercise.Tally()
    tally.add("apples", 1)
    taken = subject.rig.kept(tally.snapshot)  # the snapshot stays where the student's code runs
    tally.add("apples", 1)
    tally.add("pears", 5)
    counts, total = taken.value  # read only now, after the later adds
    assert (counts, total) == ({"apples": 1}, 1), (
        "a snapshot changed after it was taken: return a new dict, not self.counts")
    assert tally.snapshot() == ({"apples": 2, "pears": 5}, 7)
