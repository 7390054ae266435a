"""Takes whatever datagram arrives first as the answer, and cuts off its own prefix without checking it.

It works until an answer comes late: then the second copy of answer 1 is still in the socket
and is returned as the answer to question 2. Students test only with a server that answers once.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if reply.startswith(prefix):\n                return reply[len(prefix):]\n',
     '            return reply[len(prefix):]\n'),
]
