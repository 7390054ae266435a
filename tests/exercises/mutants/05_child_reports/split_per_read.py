"""A wrong answer to 05_child_reports that students write: split per read.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            data += chunk\n        self.reports.extend(line.decode() for line in data.splitlines())\n',
     '            self.reports.extend(line.decode() for line in chunk.splitlines())\n'),
]
