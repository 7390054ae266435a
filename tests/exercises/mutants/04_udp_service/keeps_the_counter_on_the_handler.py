"""A wrong answer to 04_udp_service that students write: keeps the counter on the handler.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        value = self.server.counters.get(self.client_address, 0)\n',
     '        value = getattr(self, "counter", 0)\n'),
]
