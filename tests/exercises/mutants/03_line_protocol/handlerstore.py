"""A wrong answer to 03_line_protocol that students write: handlerstore.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        store = self.server.store\n',
     "        store = self.__dict__.setdefault('store', {})\n"),
]
