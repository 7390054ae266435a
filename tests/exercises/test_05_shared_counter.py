"""05_shared_counter: many handler threads share one Tally; no update is lost, no take
overdraws, every snapshot agrees with itself."""

import contextlib
import socket

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "05_shared_counter"
ADDRESS = ("127.0.0.1", 0)
CLIENTS = 20  # connected at the same time
ADDS_PER_CLIENT = 5
NAMES = ("apples", "pears")  # client i adds to NAMES[i % 2]
EXPECTED = {name: CLIENTS // len(NAMES) * ADDS_PER_CLIENT for name in NAMES}
MAX_SHOWS = 2000  # a bound on the loop that watches the tally while others add


def connect(server):
    client = socket.create_connection(server.server_address, timeout=ANSWER_WITHIN)
    return client, client.makefile("rb")


def ask(client, answers, command):
    """Send one command line, return the server's answer line without its newline."""
    client.sendall(command + b"\n")
    try:
        return answers.readline().rstrip(b"\n").decode()  # blocking
    except TimeoutError:
        raise AssertionError(f"the client got no answer to {command.decode()!r} within "
                             f"{ANSWER_WITHIN:g} s: a call on the tally never returned") from None


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


def test_one_client_adds_takes_and_shows(subject):
    with subject.running(subject.exercise.TallyServer(ADDRESS)) as server:
        client, answers = connect(server)
        with client, answers:
            said = [ask(client, answers, command) for command in (
                b"add apples 2", b"add pears 3", b"take apples 1", b"take pears 5", b"show")]
    assert said[:3] == ["ok", "ok", "ok"], f"add, add and take should answer ok, not {said[:3]}"
    assert said[3] == "refused", (
        f"taking 5 pears when there are 3 should be refused, but the server said {said[3]!r}")
    assert said[4] == "apples=1 pears=3 total=4", (
        f"after add 2 apples, add 3 pears, take 1 apple and a refused take, show said {said[4]!r}")


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


def test_a_snapshot_taken_while_an_add_is_halfway_waits_for_it(subject):
    tally = subject.exercise.Tally()
    tally.add("apples", 1)
    seen = subject.rig.snapshot_during_an_add(tally)  # the add is held between its writes
    counts, total = seen["counts"], seen["total"]
    assert total is not None, "snapshot() did not return (it waited more than a second)"
    assert sum(counts.values()) == total, (
        f"a snapshot taken while an add was halfway (its count written, the total not yet) "
        f"saw counts {counts} but total={total}: it should wait until the add is done")


def test_a_snapshot_is_taken_at_one_moment_even_when_adds_come_between(subject):
    tally = subject.exercise.Tally()
    tally.add("apples", 1)
    seen = subject.rig.snapshots_with_adds_between(tally, 5)
    assert not seen["no lock"], "the tests look for the tally's lock in self.lock: keep it there"
    assert seen["adds"] > 0, "snapshot() never took the tally's lock (self.lock)"
    assert not seen["bad"], (
        f"{len(seen['bad'])} of 5 snapshots did not add up, e.g. counts {seen['bad'][0][0]} but "
        f"total={seen['bad'][0][1]}: another thread added between the moment snapshot() read the "
        f"counts and the moment it read the total. Both must come from one moment")


def test_when_many_take_the_last_one_at_once_exactly_one_gets_it(subject):
    tally = subject.exercise.Tally()
    tally.add("last", 1)
    seen = subject.rig.takers_at_once(tally, "last", 8)
    assert not seen["no lock"], "the tests look for the tally's lock in self.lock: keep it there"
    assert not seen["unfinished"], (
        f"{seen['unfinished']} of 8 calls of take() never returned: a thread waits for a lock "
        f"that is never released (is it held by the same thread?)")
    counts, total = tally.snapshot()
    assert sorted(seen["results"]) == [False] * 7 + [True], (
        f"8 threads took 1 at the same moment from a count of 1: exactly one should get True, "
        f"but {seen['results'].count(True)} did; the count is now {counts.get('last')}")
    assert (counts, total) == ({"last": 0}, 0)


def test_many_clients_adding_at_once_lose_no_update(subject):
    with subject.running(subject.exercise.TallyServer(ADDRESS)) as server:
        with adders(server) as read_oks:
            oks = read_oks()
        client, answers = connect(server)
        with client, answers:
            counts, total = parse_show(ask(client, answers, b"show"))
    assert oks == [b"ok\n"] * (CLIENTS * ADDS_PER_CLIENT)
    assert (counts, total) == (EXPECTED, sum(EXPECTED.values())), (
        f"{CLIENTS} clients added 1 each {ADDS_PER_CLIENT} times at once, and the tally lost "
        f"some of these updates: an add must not overlap another add")


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
        "some snapshots taken while other clients added did not add up (their counts and "
        "their total came from different moments): a snapshot must not overlap an add")
    assert total == final_total, f"updates were lost: the total is {total}, not {final_total}"
