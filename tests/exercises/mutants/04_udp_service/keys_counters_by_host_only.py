"""Keys the counters by the client's host alone, so every program on 127.0.0.1 shares one counter.

"The client's address" sounds like the host to many students; it is the (host, port) pair,
and two sockets on one machine are two clients.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        value = self.server.counters.get(self.client_address, 0)\n',
     '        value = self.server.counters.get(self.client_address[0], 0)\n'),
    ('        self.server.counters[self.client_address] = value\n',
     '        self.server.counters[self.client_address[0]] = value\n'),
]
