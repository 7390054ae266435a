"""A wrong answer to 01_framing that students write: empty at end.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        return None\n',
     '        return b""\n'),
]
