"""A wrong answer to 04_udp_service that students write: checks only the first word.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if words == ["GET"]:\n',
     '        if words[0] == "GET":\n'),
]
