"""A wrong answer to 02_serve_many that students write: every server handles.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            for key, _events in selector.select(poll_interval):  # blocking\n                key.fileobj.handle_request()\n',
     '            if selector.select(poll_interval):  # blocking\n                for server in servers:\n                    server.handle_request()\n'),
]
