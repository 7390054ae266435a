"""Overrides server_close() to join the stopper but never calls TCPServer's server_close().

The listening socket stays open: clients can still connect to a server that is finished.
An override replaces the method; the base class's work is lost unless super() is called.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        super().server_close()\n        if self._stopper is not None:\n',
     '        if self._stopper is not None:\n'),
]
