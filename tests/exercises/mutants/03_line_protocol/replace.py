"""A wrong answer to 03_line_protocol that students write: replace.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                text = line.decode("utf-8")\n',
     '                text = line.decode("utf-8", errors="replace")\n'),
]
