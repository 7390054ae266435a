"""Looks only at the first word, so b"GET 1" is taken as GET and an empty datagram crashes.

Students test the happy path (GET, ADD 5) and forget that a datagram can hold extra words
or none at all; words[0] on an empty list raises IndexError.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if words == ["GET"]:\n',
     '        if words[0] == "GET":\n'),
]
