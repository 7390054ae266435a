"""The limit is checked only on lines that are complete, never on the unfinished rest.

A client that never sends b"\n" then makes the buffer grow without bound: the server waits
for the newline instead of answering TOO_LONG at once.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if len(buffer) > max_line:\n',
     '        if False:  # the unfinished rest is never measured\n'),
]
