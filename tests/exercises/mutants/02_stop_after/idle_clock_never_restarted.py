"""Starts the quiet time once, when serve_forever() begins, and never again after a request.

So a busy server stops idle_timeout seconds after it started, in the middle of its clients.
Students write it when they read "idle" as "running for too long", or forget that the end of
each request is a new start.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.served += 1\n        self._quiet_since = monotonic()\n',
     '        self.served += 1\n'),
]
