"""Treats a datagram with the wrong number as a failed try, and sends the question again at once.

Students read "ignore the wrong answer" as "this try failed"; the server gets repeats it never
needed, and each stray datagram uses up one of the tries.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if reply.startswith(prefix):\n                return reply[len(prefix):]\n',
     '            if reply.startswith(prefix):\n                return reply[len(prefix):]\n            return None  # the wrong answer: try again\n'),
]
