"""Starts the thread that calls shutdown() but never waits for it in server_close().

The server is closed while that thread may still run, so a thread outlives the server it
belongs to. Students leave the join out because the program seems to work: the thread
usually ends a moment later anyway.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if self._stopper is not None:\n'
     '            self._stopper.join()  # blocking, until shutdown() has returned\n',
     ''),
]
