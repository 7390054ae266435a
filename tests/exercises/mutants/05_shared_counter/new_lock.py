# A wrong answer to 05_shared_counter that students write: new lock.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 05_shared_counter: a tally that many handler threads update at once.

TallyServer is a ThreadingTCPServer. Its clients send one command per line:

    add NAME AMOUNT   the server adds AMOUNT to NAME's count and answers "ok"
    show              the server answers "NAME=COUNT NAME=COUNT ... total=TOTAL"

Every handler thread uses the same Tally (self.server.tally), which keeps a count per
name and the total of all counts. Its helper _change() is given and is a
read-modify-write with a pause in the middle (_think(), standing for real work).
Two threads running _change() at once lose updates, and a thread reading the counts
while another is inside _change() sees counts that do not add up to the total.

Make Tally safe for threads, with one lock:

- __init__: create the lock that add() and snapshot() share.
- add(name, amount): run _change(name, amount) while holding the lock.
- snapshot(): while holding the lock, copy the counts into a new dict and read the
  total; return (that dict, the total). The sum of the counts then always equals the
  total, and later adds do not change a snapshot already taken.

Do not change _change() or _think(): the tests rely on their pause to show the race.

Check it: socketserver-edu check 05_shared_counter
   (or: pytest tests/exercises/test_05_shared_counter.py --target=exercises)
"""

import threading
import time

import socketserver_edu as socketserver
from socketserver_edu.lines import read_line


def _think():
    """Stand for the work real code does between a read and a write (a query, a log line)."""
    time.sleep(0.0005)  # makes the race show up every time, not once in a while


class Tally:
    """A count per name and their total, safe to use from many threads at once."""

    def __init__(self):
        self.counts = {}  # name -> count
        self.total = 0  # the sum of all counts
        # BEGIN SOLUTION
        # TODO: create one threading.Lock() and keep it in self.lock. Every thread
        # must use this same lock: a lock made inside a method protects nothing.
        self.lock = threading.Lock()
        # END SOLUTION

    def add(self, name, amount):
        """Add amount to name's count (and to the total). Safe from any thread."""
        # BEGIN SOLUTION
        # TODO: call self._change(name, amount) inside a `with self.lock:` block, so
        # that no other thread can read or write between its read and its write.
        with threading.Lock():
            self._change(name, amount)
        # END SOLUTION

    def snapshot(self):
        """Return (a copy of the counts, the total), taken at one moment: they always agree."""
        # BEGIN SOLUTION
        # TODO: inside `with self.lock:`, make a new dict from self.counts (a copy: later
        # adds must not change it) and read self.total. Return (the copy, the total).
        with self.lock:
            return dict(self.counts), self.total
        # END SOLUTION

    def _change(self, name, amount):
        """Read, think, write: right only while no other thread is inside it."""
        count = self.counts.get(name, 0)  # read
        _think()  # another thread may change the count now...
        self.counts[name] = count + amount  # ...and this write would undo its change
        total = self.total
        _think()  # here the counts already include amount, the total not yet
        self.total = total + amount


class TallyHandler(socketserver.StreamRequestHandler):
    """Serve the tally protocol: one command per line, one answer line for each."""

    timeout = 10  # seconds: a silent client does not keep a thread forever

    def handle(self):
        while line := read_line(self.rfile, 100):  # blocking
            words = line.decode(errors="replace").split()
            if len(words) == 3 and words[0] == "add" and words[2].isdigit():
                self.server.tally.add(words[1], int(words[2]))
                self.wfile.write(b"ok\n")
            elif words == ["show"]:
                counts, total = self.server.tally.snapshot()
                shown = [f"{name}={count}" for name, count in sorted(counts.items())]
                self.wfile.write(" ".join(shown + [f"total={total}"]).encode() + b"\n")
            else:
                self.wfile.write(b"error: send 'add NAME AMOUNT' or 'show'\n")


class TallyServer(socketserver.ThreadingTCPServer):
    """A threading server whose handlers share one Tally: self.tally."""

    request_queue_size = 64  # many clients may connect at the same moment

    def __init__(self, server_address, RequestHandlerClass=TallyHandler):
        self.tally = Tally()
        super().__init__(server_address, RequestHandlerClass)
