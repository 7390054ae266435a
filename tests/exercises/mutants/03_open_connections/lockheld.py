"""A wrong answer to 03_open_connections that students write: lockheld.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        super().setup()\n        with self.server.lock:  # blocking, while another handler holds it\n',
     '        super().setup()\n        self.server.lock.acquire()\n        if True:\n'),
]
