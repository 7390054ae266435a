"""Adds the new connection to its host's count first, then refuses when the count reaches the quota.

The count already includes the connection being decided, so ">=" turns away the last
request the host was allowed: each host gets max_per_host - 1. The off-by-one of
"count, then check".
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        served = self.served_per_host.get(host, 0)\n        if served >= self.max_per_host:\n',
     '        served = self.served_per_host.get(host, 0) + 1\n'
     '        self.served_per_host[host] = served\n'
     '        if served >= self.max_per_host:\n'),
    ('        self.served_per_host[host] = served + 1\n', ''),
]
