"""Replies with send() instead of sendto(): the server's socket is not connected, so it raises.

Over TCP, send() on the request socket is right; the UDP server's one socket serves every
client and needs the address of each reply (OSError: Destination address required).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        server_socket.sendto(self.answer(data), self.client_address)\n',
     '        server_socket.send(self.answer(data))\n'),
]
