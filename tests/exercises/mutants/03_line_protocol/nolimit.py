"""A wrong answer to 03_line_protocol that students write: nolimit.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                line = read_line(self.rfile, MAX_LINE)  # blocking\n',
     '                line = self.rfile.readline()  # no limit\n'),
]
