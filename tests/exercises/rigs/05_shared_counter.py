"""The rig of 05_shared_counter: what its tests need beside the student's Tally.

Races are made certain here, not left to luck: the tests swap the student's lock
(self.lock) for a stand-in that wraps it and decides, at each acquire or release,
which thread runs next. A right answer gives the same result whatever the order;
a wrong one meets, on every run, the order that breaks it.
"""

import sys
import threading
import time

# How long a thread of the rig waits for another before it gives up. Longer than any
# right answer needs (milliseconds), shorter than the test's own call limit (3 s).
WAIT_AT_MOST = 1.0


class Kept:
    """A value held in the subject's process: it crosses to the test only when read (.value)."""

    def __init__(self, value):
        self.value = value


def kept(function, *args):
    """Call function(*args) and keep what it returned here, as the caller in the student's
    process would: a snapshot that shares the Tally's dict changes with later adds, which
    a copy sent to the test at once would hide."""
    return Kept(function(*args))


class StandInLock:
    """Wraps the student's lock and passes every acquire and release on to it."""

    def __init__(self, inner):
        self.inner = inner

    def acquire(self, *args, **kwargs):
        return self.inner.acquire(*args, **kwargs)

    def release(self):
        self.inner.release()

    def locked(self):
        return self.inner.locked()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc_info):
        self.release()
        return False


class AddAfterEachRelease(StandInLock):
    """Each time the watched thread releases the lock, another thread runs one whole add()
    before the watched thread goes on: the worst moment for a reader that takes the lock
    twice, or reads after letting go of it."""

    def __init__(self, inner, tally, watched):
        super().__init__(inner)
        self.tally, self.watched, self.adds = tally, watched, 0

    def release(self):
        super().release()
        if threading.current_thread() is self.watched:
            self.adds += 1
            adder = threading.Thread(target=self.tally.add, args=("between", 1), daemon=True)
            adder.start()
            adder.join(WAIT_AT_MOST)  # blocking, until the add is done


class AllArriveFirst(StandInLock):
    """The first acquire of each of parties threads waits until all of them have come to
    it: every check a thread makes before it asks for the lock is made by all of them
    before any gets it."""

    def __init__(self, inner, parties):
        super().__init__(inner)
        self.barrier = threading.Barrier(parties, timeout=WAIT_AT_MOST)
        self.arrived = set()

    def acquire(self, *args, **kwargs):
        me = threading.get_ident()
        if me not in self.arrived:
            self.arrived.add(me)
            try:
                self.barrier.wait()  # blocking, until every taker is here
            except threading.BrokenBarrierError:
                pass  # a taker that never asks for the lock: go on without it
        return super().acquire(*args, **kwargs)


def _lock_of(tally):
    lock = getattr(tally, "lock", None)
    if lock is None or not callable(getattr(lock, "acquire", None)):
        return None
    return lock


def snapshots_with_adds_between(tally, rounds):
    """Take rounds snapshots; after every release of the lock inside snapshot(), one add.

    Returns {"no lock": bool, "adds": how many adds ran between, "bad": [(counts, total)]
    for the snapshots whose counts do not add up to their total}.
    """
    lock = _lock_of(tally)
    if lock is None:
        return {"no lock": True, "adds": 0, "bad": []}
    stand_in = AddAfterEachRelease(lock, tally, threading.current_thread())
    tally.lock = stand_in
    bad = []
    try:
        for _ in range(rounds):
            counts, total = tally.snapshot()
            if sum(counts.values()) != total:
                bad.append((dict(counts), total))
    finally:
        tally.lock = lock
    return {"no lock": False, "adds": stand_in.adds, "bad": bad}


def snapshot_during_an_add(tally):
    """Start an add() and hold it between its two writes (counts done, total not yet),
    then take a snapshot in another thread.

    Returns {"early": True if the snapshot returned while the add was still held (so it
    did not wait for the lock), "counts": ..., "total": ...}.
    """
    module = sys.modules[type(tally).__module__]
    think = module._think
    midway, go = threading.Event(), threading.Event()
    adder_thread = []

    def held_think():
        if threading.current_thread() in adder_thread:
            if held_think.calls == 1:  # the second pause of _change: between the writes
                midway.set()
                go.wait(WAIT_AT_MOST)  # blocking
            held_think.calls += 1
        think()

    held_think.calls = 0
    module._think = held_think
    taken = {}
    try:
        adder = threading.Thread(target=tally.add, args=("midway", 1), daemon=True)
        adder_thread.append(adder)
        adder.start()
        midway.wait(WAIT_AT_MOST)  # blocking, until the add is between its writes
        reader = threading.Thread(target=lambda: taken.update(zip(("counts", "total"),
                                                                 tally.snapshot())),
                                  daemon=True)
        reader.start()
        reader.join(0.1)  # blocking: a snapshot that waits for the lock is still waiting
        early = not reader.is_alive()
        go.set()
        reader.join(WAIT_AT_MOST)
        adder.join(WAIT_AT_MOST)
    finally:
        go.set()
        module._think = think
    return {"early": early, "counts": dict(taken.get("counts", {})),
            "total": taken.get("total")}


def takers_at_once(tally, name, takers):
    """takers threads call tally.take(name, 1) at the same moment.

    Returns {"no lock": bool, "results": [what each take returned], "unfinished": how
    many takes had not returned in time}.
    """
    lock = _lock_of(tally)
    if lock is None:
        return {"no lock": True, "results": [], "unfinished": 0}
    stand_in = AllArriveFirst(lock, takers)
    tally.lock = stand_in
    results = []
    try:
        threads = [threading.Thread(target=lambda: results.append(tally.take(name, 1)),
                                    daemon=True) for _ in range(takers)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + WAIT_AT_MOST  # for all of them: a stuck take costs 1 s
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))  # blocking
        unfinished = sum(thread.is_alive() for thread in threads)
    finally:
        tally.lock = lock
    return {"no lock": False, "results": list(results), "unfinished": unfinished}
