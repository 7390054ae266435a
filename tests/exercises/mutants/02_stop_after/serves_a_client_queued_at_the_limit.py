"""Counts to the limit and asks for the stop, but lets the loop go on serving until it stops.

The stop is asked for in another thread, so the loop can take one more waiting client
before it sees it, and that client is served beyond max_requests. Students trust the stop
to be instant because the stopper thread starts at once.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        return self.served < self.max_requests and super().verify_request(request, client_address)\n',
     '        return super().verify_request(request, client_address)\n'),
]
