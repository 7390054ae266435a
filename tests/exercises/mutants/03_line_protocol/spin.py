"""A wrong answer to 03_line_protocol that students write: spin.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                return  # the client closed (b""), perhaps in the middle of a line\n',
     '                continue  # wrong: spins at the end\n'),
]
