"""A wrong answer to 03_open_connections: its finish() lowers the count and calls no super().

Students write finish() for their own bookkeeping only, as if the hook were empty; but
StreamRequestHandler's finish() is what sends what wfile still holds, so a buffered answer
never reaches the client.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            super().finish()  # may raise: the client may be gone\n',
     '            pass  # wrong: nothing sends what wfile holds\n'),
]
