"""A wrong answer to 05_child_reports that students write: one read.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            data += chunk\n',
     '            data += chunk\n            break\n'),
]
