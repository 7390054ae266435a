"""Reads the counter from an attribute of the handler, which starts afresh for every datagram.

Students picture one handler per client, as with a TCP connection; over UDP a new handler
object is made for each datagram, so every ADD starts again from 0.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        value = self.server.counters.get(self.client_address, 0)\n',
     '        value = getattr(self, "counter", 0)\n'),
]
