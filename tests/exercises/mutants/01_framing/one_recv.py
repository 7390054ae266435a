"""A wrong answer to 01_framing that students write: one recv.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    # stop when you have size bytes, or when recv() returns b"" (the peer closed).\n',
     '    # stop when you have size bytes, or when recv() returns b"" (the peer closed).\n    return sock.recv(size)\n'),
]
