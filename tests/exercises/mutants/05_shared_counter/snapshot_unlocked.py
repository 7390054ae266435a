"""05_shared_counter, wrong: snapshot() reads without the lock.

Students think only writers need the lock; a reader that comes while an add is between
its two writes sees a count that already includes the add and a total that does not.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        with self.lock:\n            return dict(self.counts), self.total\n",
     "        return dict(self.counts), self.total\n"),
]
