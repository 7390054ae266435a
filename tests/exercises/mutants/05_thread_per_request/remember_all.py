"""A wrong answer to 05_thread_per_request that students write: remember all.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if self.block_on_close and not thread.daemon:\n',
     '        if True:\n'),
]
