"""Upper-cases the datagram before reading it, so b"get" and b"add 1" are obeyed.

Students think being kind to lower case is harmless, but the spec says commands are upper
case and anything else is an error: a client that sends b"get" must learn it is wrong.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            words = data.decode("ascii").split()\n',
     '            words = data.decode("ascii").upper().split()\n'),
]
