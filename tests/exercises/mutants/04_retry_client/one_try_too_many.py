"""Sends the first try and then tries more retries: tries + 1 datagrams in all.

An off-by-one between "tries" and "retries": students count the retries after the first send.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        for _try in range(self.tries):\n', '        for _try in range(self.tries + 1):\n'),
]
