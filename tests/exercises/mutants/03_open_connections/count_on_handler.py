"""A wrong answer to 03_open_connections: it keeps the count on the handler, self.open_connections.

Students keep state on self out of habit; but the server builds a new handler object for each
connection, so the count lives and dies with one handler and the server's own count never moves.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.server.open_connections += 1\n',
     '        self.open_connections = 1  # wrong: on this handler only\n'),
    ('            self.server.open_connections -= 1\n',
     '            self.open_connections -= 1\n'),
]
