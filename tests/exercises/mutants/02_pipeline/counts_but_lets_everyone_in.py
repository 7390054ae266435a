"""A wrong answer to 02_pipeline that students write: counts but lets everyone in.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        return False\n',
     '        return True\n'),
]
