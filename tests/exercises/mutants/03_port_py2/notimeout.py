"""A wrong answer to 03_port_py2 that students write: notimeout.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            except TimeoutError:\n',
     '            except ValueError:\n'),
]
