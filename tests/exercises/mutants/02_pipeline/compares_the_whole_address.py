"""Counts requests per client_address, the (host, port) pair, instead of per host.

Every connection comes from a new port, so every address is new and no host ever reaches
its quota. Students take client_address for "the client" because its name says so.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        host = client_address[0]\n', '        host = client_address\n'),
]
