"""A wrong answer to 03_line_protocol: it keeps the store in a dict at module level.

A global dict does outlive each handler, so the tests with one server pass and students stop
there; but every server in the program then shares one store, and a key set on one server
shows up on another.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self.reply(self.execute(text, self.server.store))\n',
     '            self.reply(self.execute(text, STORE))\n'),
    ('class KeyValueHandler(socketserver.StreamRequestHandler):\n',
     'STORE = {}  # wrong: one store for every server in the program\n\n\n'
     'class KeyValueHandler(socketserver.StreamRequestHandler):\n'),
]
