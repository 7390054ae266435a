"""A wrong answer to 02_serve_many that students write: ignores stop.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        while not stop.is_set():\n',
     '        while True:\n'),
]
