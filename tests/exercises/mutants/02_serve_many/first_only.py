"""A wrong answer to 02_serve_many that students write: first only.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        for server in servers:\n            selector.register(server, selectors.EVENT_READ)\n',
     '        selector.register(servers[0], selectors.EVENT_READ)\n'),
]
