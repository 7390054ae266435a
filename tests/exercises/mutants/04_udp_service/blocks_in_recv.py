"""A wrong answer to 04_udp_service that students write: blocks in recv.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        data, server_socket = self.request\n',
     '        data, server_socket = self.request\n        data = server_socket.recv(512)  # as if it were TCP\n'),
]
