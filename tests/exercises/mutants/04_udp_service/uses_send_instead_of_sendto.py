"""A wrong answer to 04_udp_service that students write: uses send instead of sendto.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        server_socket.sendto(self.answer(data), self.client_address)\n',
     '        server_socket.send(self.answer(data))\n'),
]
