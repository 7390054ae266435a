"""A wrong answer to 05_child_reports that students write: no newline.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        os.write(self._report_writer, text.encode() + b"\\n")\n',
     '        os.write(self._report_writer, text.encode())\n'),
]
