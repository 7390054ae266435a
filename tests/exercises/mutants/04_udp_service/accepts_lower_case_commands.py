"""A wrong answer to 04_udp_service that students write: accepts lower case commands.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            words = data.decode("ascii").split()\n',
     '            words = data.decode("ascii").upper().split()\n'),
]
