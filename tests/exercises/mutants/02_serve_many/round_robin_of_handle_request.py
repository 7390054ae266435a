"""Calls handle_request() on every server in turn, with no selector at all.

handle_request() waits until its own server has a client, so a quiet server holds the
loop, and the clients of every other server wait with it. It looks right because each
server gets its turn, and a test with clients that alternate A, B, A, B passes.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            for key, _events in selector.select(poll_interval):  # blocking\n                key.fileobj.handle_request()\n',
     '            for server in servers:\n                server.handle_request()  # blocking\n'),
]
