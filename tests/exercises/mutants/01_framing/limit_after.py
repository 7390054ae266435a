"""A wrong answer to 01_framing that students write: limit after.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    size = int.from_bytes(header, "big")\n',
     '    size = int.from_bytes(header, "big")\n    payload = recv_all(sock, size)\n'),
    ('    payload = recv_all(sock, size)\n',
     ''),
]
