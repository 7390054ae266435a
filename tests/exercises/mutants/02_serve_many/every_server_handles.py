"""When select() says that something is ready, calls handle_request() on every server.

The servers with no client waiting then block in accept until one comes, so one quiet
server freezes the whole loop. Students skip reading which keys select() returned.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            for key, _events in selector.select(poll_interval):  # blocking\n                key.fileobj.handle_request()\n',
     '            if selector.select(poll_interval):  # blocking\n                for server in servers:\n                    server.handle_request()\n'),
]
