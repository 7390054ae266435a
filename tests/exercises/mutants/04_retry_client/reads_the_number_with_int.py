"""Parses the number of every reply with int(), so a datagram without a number crashes ask().

Splitting at the space and comparing numbers feels more exact than comparing bytes, but a
stray datagram like b"junk" then raises ValueError instead of being ignored.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if reply.startswith(prefix):\n                return reply[len(prefix):]\n',
     '            number, _space, answer = reply.partition(b" ")\n            if int(number) == self.number:\n                return answer\n'),
]
