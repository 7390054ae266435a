"""A wrong answer to 03_line_protocol that students write: nocr.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            text = text.removesuffix("\\n").removesuffix("\\r")\n',
     '            text = text.removesuffix("\\n")\n'),
]
