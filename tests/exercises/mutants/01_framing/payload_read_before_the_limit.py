"""The payload is read first and its size checked afterwards.

It feels natural to read the message, then judge it; but a peer that announces 4 GB then
makes us wait for (and store) bytes we will refuse anyway.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    (size,) = HEADER.unpack(header)\n',
     '    (size,) = HEADER.unpack(header)\n    payload = recv_exactly(sock, size)\n'),
    ('    payload = recv_exactly(sock, size)\n    if len(payload) < size:\n',
     '    if len(payload) < size:\n'),
]
