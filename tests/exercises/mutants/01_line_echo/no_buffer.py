"""A wrong answer to 01_line_echo that students write: no buffer.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        buffer += chunk\n',
     '        buffer = chunk\n'),
]
