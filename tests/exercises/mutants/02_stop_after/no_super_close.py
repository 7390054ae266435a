"""A wrong answer to 02_stop_after that students write: no super close.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        super().server_close()\n',
     ''),
]
