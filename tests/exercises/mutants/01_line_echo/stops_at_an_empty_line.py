"""An empty line (b"\n" alone) is taken as the end: the server stops instead of answering b"!\n".

The line without its b"\n" is b"", and "b'' means the end" was learned for recv(); here
it is a real, empty line.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            connection.sendall(shout(line))\n',
     '            if not line:\n                return\n            connection.sendall(shout(line))\n'),
]
