"""Registers only the first server with the selector.

The other servers are never watched, so their clients wait forever. It comes from testing
with one server and growing the code later.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        for server in servers:\n            selector.register(server, selectors.EVENT_READ)\n',
     '        selector.register(servers[0], selectors.EVENT_READ)\n'),
]
