"""A wrong answer to 03_port_py2: it reads lines with rfile.readline() and no limit.

Moving from recv() to readline() fixes the framing, so students stop there; but without a
limit a client that never sends a newline makes the handler keep every byte in memory and
never hang up.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                line = self.rfile.readline(MAX_LINE + 1)  # blocking, at most self.timeout\n',
     '                line = self.rfile.readline()  # blocking, without a limit\n'),
]
