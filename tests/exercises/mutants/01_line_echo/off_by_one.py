"""A wrong answer to 01_line_echo that students write: off by one.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if len(line) > max_line:\n',
     '            if len(line) >= max_line:\n'),
]
