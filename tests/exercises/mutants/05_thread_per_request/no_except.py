"""A wrong answer to 05_thread_per_request that students write: no except.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        except Exception:\n            self.handle_error(request, client_address)\n',
     ''),
]
