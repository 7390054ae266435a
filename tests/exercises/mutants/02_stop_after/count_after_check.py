"""A wrong answer to 02_stop_after that students write: count after check.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.served += 1\n',
     ''),
    ('            self.stopper.start()\n',
     '            self.stopper.start()\n        self.served += 1\n'),
]
