"""The length packed with struct's "I" and no byte order, so it uses this machine's order.

That is little-endian on x86 and ARM: 5 goes out as 05 00 00 00. Both ends of a student's own
test agree, so it seems to work; any peer that follows the big-endian spec reads a huge length.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('HEADER = struct.Struct("!I")',
     'HEADER = struct.Struct("I")'),
]
