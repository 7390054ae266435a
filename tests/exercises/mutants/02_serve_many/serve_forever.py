"""Calls serve_forever() on each server in turn.

serve_forever() does not return until that server is shut down, so the second server is
never served. The name promises what the student wants, for one server only.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        while not stop.is_set():\n            for key, _events in selector.select(poll_interval):  # blocking\n                key.fileobj.handle_request()\n',
     '        for server in servers:\n            server.serve_forever(poll_interval)\n'),
]
