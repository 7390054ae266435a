"""A wrong answer to 02_pipeline that students write: forgets to count.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.refused += 1\n',
     ''),
]
