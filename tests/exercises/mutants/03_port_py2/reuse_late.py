"""A wrong answer to 03_port_py2 that students write: reuse late.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.allow_reuse_address = True  # before binding: the option is read by server_bind()\n',
     ''),
    ('        super().__init__(server_address, ShoutHandler)\n',
     '        super().__init__(server_address, ShoutHandler)\n        self.allow_reuse_address = True  # wrong: too late, the socket is bound\n'),
]
