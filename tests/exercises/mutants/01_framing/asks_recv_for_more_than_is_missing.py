"""Each recv() asks for a fixed 4096 bytes instead of only the bytes still missing.

Copied from the echo loops of the chapter; when messages come back to back, it takes the
start of the next message into this one, so the next message is lost or garbled.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        chunk = sock.recv(missing)  # blocking\n',
     '        chunk = sock.recv(4096)  # blocking\n'),
]
