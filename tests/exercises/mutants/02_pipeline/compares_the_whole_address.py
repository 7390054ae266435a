"""A wrong answer to 02_pipeline that students write: compares the whole address.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if client_address[0] in self.allowed_hosts:\n',
     '        if client_address in self.allowed_hosts:\n'),
]
