"""A wrong answer to 01_framing that students write: little.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    sock.sendall(len(payload).to_bytes(HEADER_SIZE, "big") + payload)\n',
     '    sock.sendall(len(payload).to_bytes(HEADER_SIZE, "little") + payload)\n'),
]
