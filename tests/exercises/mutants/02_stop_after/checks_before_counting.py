"""Compares the count with max_requests before adding the request that was just served.

Then the check always sees one request fewer, and the server serves max_requests + 1
clients before it stops: the classic off-by-one of "check, then count".
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.served += 1\n        self._quiet_since = monotonic()\n'
     '        if self.served >= self.max_requests:\n            self._stop()\n',
     '        self._quiet_since = monotonic()\n'
     '        if self.served >= self.max_requests:\n            self._stop()\n'
     '        self.served += 1\n'),
]
