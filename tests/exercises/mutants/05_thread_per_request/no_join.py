"""A wrong answer to 05_thread_per_request that students write: no join.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        for thread in self.handler_threads:\n            thread.join()  # blocking\n',
     ''),
]
