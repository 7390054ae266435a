"""Calls recv() on the server's socket in handle(), as a TCP handler would, to read the command.

The datagram is already in self.request: this recv() waits for the NEXT datagram (of any
client), so the first command gets no reply at all. A habit carried over from chapter 01.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        data, server_socket = self.request\n',
     '        data, server_socket = self.request\n        data = server_socket.recv(512)  # as if it were TCP\n'),
]
