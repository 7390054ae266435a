"""A wrong answer to 05_shared_counter that students write: new lock.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        # that no other thread can read or write between its read and its write.\n        with self.lock:\n',
     '        # that no other thread can read or write between its read and its write.\n        with threading.Lock():\n'),
]
