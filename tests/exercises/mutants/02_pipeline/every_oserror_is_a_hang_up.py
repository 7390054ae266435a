"""Takes every OSError for a client that hung up.

ConnectionError is an OSError, but so are TimeoutError and many others: a handler that
timed out is counted as a hang-up and its error disappears. Catching too widely, because
the hang-up errors students have seen were all OSErrors.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if isinstance(error, ConnectionError):\n',
     '        if isinstance(error, OSError):\n'),
]
