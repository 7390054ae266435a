"""A wrong answer to 02_stop_after that students write: stops early.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if self.served == self.max_requests:\n',
     '        if self.served == self.max_requests - 1:\n'),
]
