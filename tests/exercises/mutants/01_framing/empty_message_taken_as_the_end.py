"""Stops at the first empty piece: a message with an empty payload (a length of 0) is taken as
the end of the stream, and None comes back.

Students have learned "b'' means the peer closed" for recv() and apply it to the payload too;
but an empty payload is a real message, and the end is a header that never came.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    if len(payload) < size:\n',
     '    if not payload:\n        return None\n    if len(payload) < size:\n'),
]
