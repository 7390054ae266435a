"""A wrong answer to 05_child_reports that students write: close before collect.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        super().server_close()\n        self.collect_reports()\n',
     '        super().server_close()\n'),
    ('        os.close(self._report_writer)\n',
     '        os.close(self._report_writer)\n        self.collect_reports()\n'),
]
