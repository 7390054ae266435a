"""A wrong answer to 05_thread_per_request that students write: sync.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        thread.start()\n',
     '        self.handle_in_thread(request, client_address)\n'),
]
