"""Leaves the socket open at the end of the with block: __exit__ does nothing.

Students write __enter__ and __exit__ only to make the with statement work, and forget
that closing is the reason for it.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    def __exit__(self, *exc_info):\n        self.close()\n',
     '    def __exit__(self, *exc_info):\n        pass\n'),
]
