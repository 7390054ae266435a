"""A wrong answer to 03_open_connections that students write: nosuperfinish.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            super().finish()\n',
     '            pass\n'),
]
