"""A wrong answer to 01_line_echo that students write: only whole lines.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if len(buffer) > max_line:\n',
     '        if False:\n'),
]
