"""send() in place of sendall(), and its return value ignored.

On a quiet loopback one send() usually takes a short message whole, so the bug hides until a
large payload meets a full send buffer and the rest silently never leaves.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    sock.sendall(HEADER.pack(len(payload)) + payload)\n',
     '    sock.send(HEADER.pack(len(payload)) + payload)\n'),
]
