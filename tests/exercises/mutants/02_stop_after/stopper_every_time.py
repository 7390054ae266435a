"""A wrong answer to 02_stop_after that students write: stopper every time.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.served += 1\n',
     '        self.served += 1\n        self.stopper = threading.Thread(target=lambda: None)\n'),
]
