"""05_shared_counter, wrong: take() checks the count first and takes the lock only to
change it.

Check-then-act split in two: many threads can all see "there is one left" before any of
them takes it, so they all take it and the count goes negative.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        with self.lock:\n            if self.counts.get(name, 0) < amount:\n"
     "                return False\n            self._change(name, -amount)\n            return True\n",
     "        if self.counts.get(name, 0) < amount:\n            return False\n"
     "        with self.lock:\n            self._change(name, -amount)\n        return True\n"),
]
