"""Adds up the requests of all hosts and checks that total against max_per_host.

Then one busy host uses up the quota of everybody, and a new host is refused at once.
Students write it when they think of "the limit" as one number for the server.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        served = self.served_per_host.get(host, 0)\n',
     '        served = sum(self.served_per_host.values())\n'),
]
