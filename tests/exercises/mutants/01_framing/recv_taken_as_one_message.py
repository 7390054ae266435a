"""recv(size) taken as "exactly size bytes": one recv() per header and per payload.

It works on loopback with short messages, where a small send usually arrives whole, so
students believe recv(n) waits for n bytes; it returns whatever has arrived, often less.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    chunks = []\n    missing = size\n',
     '    return sock.recv(size)  # blocking\n    chunks = []\n    missing = size\n'),
]
