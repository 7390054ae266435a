"""A wrong answer to 03_open_connections: it counts the connection before super().setup().

"Count first, then prepare" reads naturally, and mirrors finish(); but if StreamRequestHandler's
setup() then raises, neither handle() nor finish() runs, so nothing ever takes the connection
off the count.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        super().setup()  # if this raises, finish() never runs: count only after it\n'
     '        self.server.open_connections += 1\n',
     '        self.server.open_connections += 1\n'
     '        super().setup()\n'),
]
