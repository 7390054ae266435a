"""A wrong answer to 02_pipeline that students write: keeps the class not the exception.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.errors.append(sys.exc_info()[1])\n',
     '        self.errors.append(sys.exc_info()[0])\n'),
]
