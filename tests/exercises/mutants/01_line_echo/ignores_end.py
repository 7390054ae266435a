"""A wrong answer to 01_line_echo that students write: ignores end.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if not chunk:\n',
     '        if False:\n'),
]
