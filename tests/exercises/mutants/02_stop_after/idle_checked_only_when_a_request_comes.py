"""Looks at the quiet time only in process_request, when a client has come.

A server with no clients never runs process_request, so it never sees that it is idle and
never stops. The check must run when nothing happens: service_actions() runs after each
poll_interval of quiet.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.served += 1\n        self._quiet_since = monotonic()\n'
     '        if self.served >= self.max_requests:\n',
     '        self.served += 1\n'
     '        if self.served >= self.max_requests or '
     'monotonic() - self._quiet_since >= self.idle_timeout:\n'),
    ('        if monotonic() - self._quiet_since >= self.idle_timeout:\n            self._stop()\n',
     ''),
]
