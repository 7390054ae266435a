"""A wrong answer to 02_stop_after that students write: join none.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if self.stopper is not None:\n            self.stopper.join()  # blocking\n',
     '        self.stopper.join()  # blocking\n'),
]
