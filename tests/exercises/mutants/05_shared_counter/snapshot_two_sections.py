"""05_shared_counter, wrong: snapshot() takes the lock twice, once for the counts and once
for the total.

Each read is protected, so it feels safe, but the lock is free between the two sections:
another thread's add can run there, and the snapshot mixes two moments.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        with self.lock:\n            return dict(self.counts), self.total\n",
     "        with self.lock:\n            counts = dict(self.counts)\n"
     "        with self.lock:\n            total = self.total\n        return counts, total\n"),
]
