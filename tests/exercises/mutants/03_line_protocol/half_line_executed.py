"""A wrong answer to 03_line_protocol: it stops only on b"" and runs a line cut short.

"read_line() returns b'' at the end" is what students remember, so they test for that alone;
but a client that closes in the middle of a line leaves a last piece without its newline, and
this handler executes it as a command.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if not line.endswith(b"\\n"):\n',
     '            if not line:\n'),
]
