"""The limit is measured on the newest recv() result instead of the whole unfinished line.

Each chunk is small, so a long line that trickles in a byte at a time never trips the limit.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    buffer = b""\n',
     '    buffer = chunk = b""\n'),
    ('        if len(buffer) > max_line:\n',
     '        if len(chunk) > max_line:\n'),
]
