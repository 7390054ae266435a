"""A wrong answer to 01_framing that students write: no limit.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    if size > max_size:\n',
     '    if False:\n'),
]
