"""Calls select() with no timeout.

With no client coming, select() sleeps forever and the loop never sees that stop was set:
the timeout is what lets a quiet loop look at the event. Leaving it out looks harmless in a
busy test.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            for key, _events in selector.select(poll_interval):  # blocking\n',
     '            for key, _events in selector.select():  # blocking\n'),
]
