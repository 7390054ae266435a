"""A wrong answer to 03_line_protocol: it keeps the store on the handler object.

Students put state on self because that is where state goes in most classes; but the server
builds a new handler for every connection, so what one client SETs is gone for the next.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self.reply(self.execute(text, self.server.store))\n',
     "            self.reply(self.execute(text, self.__dict__.setdefault('store', {})))\n"),
]
