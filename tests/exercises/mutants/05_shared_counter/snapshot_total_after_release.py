"""05_shared_counter, wrong: snapshot() copies the counts under the lock, then reads the
total after releasing it.

The copy looks like the part that needs protecting, and one number looks safe to read
alone; but an add can run between the two, so the counts and the total then come from
different moments and do not add up.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        with self.lock:\n            return dict(self.counts), self.total\n",
     "        with self.lock:\n            counts = dict(self.counts)\n        return counts, self.total\n"),
]
