"""A wrong answer to 05_shared_counter that students write: snapshot unlocked.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        with self.lock:\n            return dict(self.counts), self.total\n',
     '        return dict(self.counts), self.total\n'),
]
