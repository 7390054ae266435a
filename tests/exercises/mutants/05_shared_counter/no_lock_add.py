"""A wrong answer to 05_shared_counter that students write: no lock add.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        with self.lock:\n            self._change(name, amount)\n',
     '        self._change(name, amount)\n'),
]
