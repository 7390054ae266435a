"""The loop never checks for b"": after the client closes, recv() returns b"" again and again.

Without the end check, the server spins on an empty recv() forever and never returns.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if not chunk:\n            return  # the client closed; an unfinished last line gets no reply\n',
     ''),
]
