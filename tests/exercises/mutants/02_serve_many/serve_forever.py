"""A wrong answer to 02_serve_many that students write: serve forever.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        while not stop.is_set():\n            for key, _events in selector.select(poll_interval):  # blocking\n                key.fileobj.handle_request()\n',
     '        for server in servers:\n            server.serve_forever(poll_interval)\n'),
]
