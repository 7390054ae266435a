"""Exercise 05_shared_counter: a tally that many handler threads use at once.

TallyServer is a ThreadingTCPServer. Its clients send one command per line:

    add NAME AMOUNT    the server adds AMOUNT to NAME's count; it answers "ok"
    take NAME AMOUNT   if NAME's count is at least AMOUNT, the server takes AMOUNT
                       away and answers "ok"; otherwise it changes nothing and
                       answers "refused"
    show               the server answers "NAME=COUNT NAME=COUNT ... total=TOTAL"

Every handler thread uses the same Tally (self.server.tally): a count per name and
the total of all counts. Its helper _change(name, amount) is given. It is a
read-modify-write with pauses (_think(), standing for real work), so it is right
only while no other thread reads or changes the tally at the same time.

Make Tally safe for any number of threads at once. What the tests check:

- no add and no take is ever lost, however many clients send them at once;
- a take never makes a count negative, and never takes from an empty count, even
  when many clients ask for the last one at the same moment: exactly as many takes
  succeed as there was to take;
- every snapshot() returns (counts, total) as they were at one moment: the counts
  always add up to the total, and the dict is yours (later adds do not change it);
- one lock protects the tally, and it is kept in self.lock (the tests watch it);
- no call ever waits forever.

Do not change _change() or _think(): the tests rely on their pauses.

Check it: socketserver-edu check 05_shared_counter
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
        # TODO: set up what the methods below need to be safe; the one lock that
        # protects the tally is self.lock.
        self.lock = threading.Lock()
        # END SOLUTION

    def add(self, name, amount):
        """Add amount to name's count (and to the total). Safe from any thread."""
        # BEGIN SOLUTION
        # TODO: add amount to name's count and to the total (_change does both), so
        # that no add is lost when many threads add at once.
        with self.lock:
            self._change(name, amount)
        # END SOLUTION

    def take(self, name, amount):
        """Take amount from name's count if it has that much: True if taken, False if refused."""
        # BEGIN SOLUTION
        # TODO: return True after taking amount away from name's count, or False and
        # change nothing when the count is smaller than amount. Never negative, even
        # when many threads take at once.
        with self.lock:
            if self.counts.get(name, 0) < amount:
                return False
            self._change(name, -amount)
            return True
        # END SOLUTION

    def snapshot(self):
        """Return (a copy of the counts, the total), as they were at one moment."""
        # BEGIN SOLUTION
        # TODO: return (counts, total): a new dict and a number that belong to the
        # same moment, so the counts add up to the total.
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
            if len(words) == 3 and words[0] in ("add", "take") and words[2].isdigit():
                if words[0] == "add":
                    self.server.tally.add(words[1], int(words[2]))
                    self.wfile.write(b"ok\n")
                else:
                    taken = self.server.tally.take(words[1], int(words[2]))
                    self.wfile.write(b"ok\n" if taken else b"refused\n")
            elif words == ["show"]:
                counts, total = self.server.tally.snapshot()
                shown = [f"{name}={count}" for name, count in sorted(counts.items())]
                self.wfile.write(" ".join(shown + [f"total={total}"]).encode() + b"\n")
            else:
                self.wfile.write(b"error: send 'add NAME AMOUNT', 'take NAME AMOUNT' or 'show'\n")


class TallyServer(socketserver.ThreadingTCPServer):
    """A threading server whose handlers share one Tally: self.tally."""

    request_queue_size = 64  # many clients may connect at the same moment

    def __init__(self, server_address, RequestHandlerClass=TallyHandler):
        self.tally = Tally()
        super().__init__(server_address, RequestHandlerClass)
