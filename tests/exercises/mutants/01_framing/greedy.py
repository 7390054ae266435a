"""A wrong answer to 01_framing that students write: greedy.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        chunk = sock.recv(missing)  # blocking\n',
     '        chunk = sock.recv(4096)  # blocking\n'),
]
