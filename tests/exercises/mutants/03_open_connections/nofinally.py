"""A wrong answer to 03_open_connections that students write: nofinally.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        try:\n            super().finish()\n        finally:\n',
     '        super().finish()\n        if True:\n'),
]
