"""At a clean end it returns b"" instead of None.

It mirrors recv(), which gives b"" at the end; but then the caller cannot tell the end
from an empty message, which is why the spec asks for None.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    if not header:\n        return None\n',
     '    if not header:\n        return b""\n'),
]
