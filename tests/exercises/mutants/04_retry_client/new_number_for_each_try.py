"""Counts up the request number on every try, not on every new question.

Students number "datagrams" instead of "questions"; the server then sees the retry as a new
question and may run it twice, and the client drops the late answer to its first try.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.number += 1  # a new question; its retries keep this number\n        prefix = b"%d " % self.number\n        timeout = self.first_timeout\n        for _try in range(self.tries):\n',
     '        timeout = self.first_timeout\n        for _try in range(self.tries):\n            self.number += 1\n            prefix = b"%d " % self.number\n'),
]
