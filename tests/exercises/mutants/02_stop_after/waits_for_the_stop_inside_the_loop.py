"""Starts the stopper thread and then joins it at once, inside the loop.

The serving thread now waits for shutdown(), which waits for the serving thread's loop: the
same deadlock as calling shutdown() directly, one thread further. Students join every thread
they start, a good habit in the wrong place.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self._stopper.start()\n',
     '            self._stopper.start()\n            self._stopper.join()\n'),
]
