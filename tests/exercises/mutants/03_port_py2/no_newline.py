"""A wrong answer to 03_port_py2: its reply has no newline, like the Python 2 code's.

The old server sent the upper-cased data as it was, and a port that keeps that looks fine in
a tool that prints whatever arrives; but a client that reads lines waits forever for the end
of the answer.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self.wfile.write(text.upper().encode("utf-8") + b"\\n")\n',
     '            self.wfile.write(text.upper().encode("utf-8"))\n'),
]
