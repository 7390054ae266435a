"""A wrong answer to 03_port_py2 that students write: noreuse.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.allow_reuse_address = True  # before binding: the option is read by server_bind()\n',
     '        # before binding: the option is read by server_bind()\n'),
]
