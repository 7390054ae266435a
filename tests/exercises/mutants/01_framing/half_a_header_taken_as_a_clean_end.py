"""A header cut short by the peer's close is treated like no header at all: None, a clean end.

One test ("fewer than 4 bytes: done") catches both cases, so a peer that crashed in the middle
of a length looks like one that finished properly.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    if not header:\n',
     '    if len(header) < HEADER_SIZE:\n'),
]
