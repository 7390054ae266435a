"""Sets self.timeout to idle_timeout and checks the quiet time in handle_timeout().

handle_timeout() is called only by handle_request(); serve_forever() never calls it, so the
server never stops when no client comes. The names sound right ("timeout", "idle"), which is
why students pick them.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        self.idle_timeout = idle_timeout\n',
     '        self.idle_timeout = idle_timeout\n        self.timeout = idle_timeout\n'),
    ('    def service_actions(self):\n', '    def handle_timeout(self):\n'),
    ('        super().service_actions()\n', '        super().handle_timeout()\n'),
]
