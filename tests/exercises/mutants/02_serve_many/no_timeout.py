"""A wrong answer to 02_serve_many that students write: no timeout.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            for key, _events in selector.select(poll_interval):  # blocking\n',
     '            for key, _events in selector.select():  # blocking\n'),
]
