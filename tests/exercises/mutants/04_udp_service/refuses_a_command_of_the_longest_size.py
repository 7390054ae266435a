"""Refuses a datagram of exactly LONGEST bytes: an off-by-one in the length check.

Students who read "a full buffer may have been cut" refuse every datagram that reaches the
limit, without making the buffer one byte larger, so the longest allowed command fails.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    max_packet_size = LONGEST + 1\n', '    max_packet_size = LONGEST\n'),
    ('        if len(data) > LONGEST:\n', '        if len(data) >= LONGEST:\n'),
]
