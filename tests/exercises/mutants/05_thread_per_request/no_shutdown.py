"""A wrong answer to 05_thread_per_request that students write: no shutdown.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        finally:\n',
     '        else:\n'),
]
