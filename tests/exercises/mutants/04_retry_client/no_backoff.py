"""Waits the same first_timeout before every retry: no backoff.

The retry works, so students see nothing wrong on loopback; but a crowd of such clients keeps
hammering a server that is already slow, and the give-up comes much sooner than the spec says.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            timeout *= 2  # back off\n', '            pass  # the same wait every time\n'),
]
