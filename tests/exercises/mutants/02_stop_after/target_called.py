"""A wrong answer to 02_stop_after that students write: target called.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self.stopper = threading.Thread(target=self.shutdown, name="stopper")\n',
     '            self.stopper = threading.Thread(target=self.shutdown(), name="stopper")\n'),
]
