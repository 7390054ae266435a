"""A wrong answer to 01_framing that students write: no end check.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if not chunk:\n',
     '        if False:\n'),
]
