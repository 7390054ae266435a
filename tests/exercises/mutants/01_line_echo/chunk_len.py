"""A wrong answer to 01_line_echo that students write: chunk len.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    buffer = b""\n',
     '    buffer = chunk = b""\n'),
    ('        if len(buffer) > max_line:\n',
     '        if len(chunk) > max_line:\n'),
]
