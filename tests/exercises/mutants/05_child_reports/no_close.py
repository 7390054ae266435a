"""A wrong answer to 05_child_reports that students write: no close.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        os.close(self._report_reader)\n        os.close(self._report_writer)\n',
     ''),
]
