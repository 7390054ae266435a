"""A wrong answer to 03_open_connections that students write: mostopen.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self.server.most_open = max(self.server.most_open, self.server.open_connections)\n',
     '            self.server.most_open += 1\n'),
]
