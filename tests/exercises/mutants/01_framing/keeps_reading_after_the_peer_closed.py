"""The read loop never stops at b"": it counts on the missing bytes coming some day.

Students write "loop until I have size bytes" and forget that a closed peer sends nothing
more: recv() then returns b"" at once, again and again, and the loop spins.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if not chunk:\n            break  # the peer closed: the caller decides what a short read means\n',
     ''),
]
