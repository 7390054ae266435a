"""Records the error and then raises it again, "so that nobody misses it".

handle_error runs inside the server's own except clause: an exception from it leaves the
loop, and the server stops serving everybody because of one bad request.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self.errors.append((client_address, error))\n',
     '            self.errors.append((client_address, error))\n            raise error\n'),
]
