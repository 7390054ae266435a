"""Counts every connection of a host, also the ones it then refuses.

The quota still works, but self.served_per_host now says a host was served more often
than it was; the operator's numbers are wrong. It comes from counting at the top of the
hook, before the decision.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        served = self.served_per_host.get(host, 0)\n',
     '        served = self.served_per_host.get(host, 0)\n'
     '        self.served_per_host[host] = served + 1\n'),
    ('        self.served_per_host[host] = served + 1\n        return True\n',
     '        return True\n'),
]
