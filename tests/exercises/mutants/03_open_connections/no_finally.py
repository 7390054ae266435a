"""A wrong answer to 03_open_connections: it lowers the count after super().finish(), no finally.

On every normal connection that is right, so students see nothing wrong; but when the client
has vanished, StreamRequestHandler's finish() raises while sending the last bytes, and the
line after it never runs: the count stays up for good.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        try:\n            super().finish()  # may raise: the client may be gone\n        finally:\n',
     '        super().finish()  # may raise: the client may be gone\n        if True:\n'),
]
