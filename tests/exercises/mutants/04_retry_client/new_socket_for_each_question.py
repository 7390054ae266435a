"""Opens a fresh socket for every question, as the chapter's ask() helper does for one-off questions.

Then every question comes from a new client address, so a server that keeps per-client state
sees a stranger each time; and the old sockets pile up, open.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.number += 1  # a new question; its retries keep this number\n',
     '        self.number += 1  # a new question; its retries keep this number\n        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n'),
]
