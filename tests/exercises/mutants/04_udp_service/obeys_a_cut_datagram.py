"""Sets max_packet_size to the limit and checks nothing more, so a too-long command is cut and obeyed.

Students trust max_packet_size to enforce the limit, but recvfrom() throws the rest of a
longer datagram away silently (section 4): the handler never learns the command was longer.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    max_packet_size = LONGEST + 1\n', '    max_packet_size = LONGEST\n'),
    ('        if len(data) > LONGEST:\n', '        if len(data) > LONGEST + 1:  # never true\n'),
]
