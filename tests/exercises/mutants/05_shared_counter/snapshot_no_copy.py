"""05_shared_counter, wrong: snapshot() returns the tally's own dict, not a copy.

It is read under the lock, so it looks right at that moment; but the caller holds the
live dict, which later adds change under its feet, with no lock at all.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("            return dict(self.counts), self.total\n",
     "            return self.counts, self.total\n"),
]
