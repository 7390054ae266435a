"""A wrong answer to 02_serve_many that students write: closes servers.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                key.fileobj.handle_request()\n',
     '                key.fileobj.handle_request()\n        for server in servers:\n            server.server_close()\n'),
]
