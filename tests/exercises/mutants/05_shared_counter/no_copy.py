"""A wrong answer to 05_shared_counter that students write: no copy.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            return dict(self.counts), self.total\n',
     '            return self.counts, self.total\n'),
]
