"""A wrong answer to 04_udp_service that students write: keys counters by host only.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        value = self.server.counters.get(self.client_address, 0)\n',
     '        value = self.server.counters.get(self.client_address[0], 0)\n'),
    ('        self.server.counters[self.client_address] = value\n',
     '        self.server.counters[self.client_address[0]] = value\n'),
]
