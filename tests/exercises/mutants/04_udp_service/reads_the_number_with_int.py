"""Takes whatever int() accepts as the number of ADD, so b"ADD +5" and b"ADD 1_000" are
obeyed instead of refused, although the spec allows only a minus sign and ASCII digits.

Students trust int() to say what a number is; but int() also accepts a plus sign,
underscores between digits and digits of other scripts, which the protocol does not allow.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if not is_whole_number(words[1]):\n'
     '                return b"ERROR ADD needs a whole number: an optional minus and digits"\n'
     '            value += int(words[1])\n',
     '            try:\n                value += int(words[1])\n            except ValueError:\n'
     '                return b"ERROR ADD needs a whole number"\n'),
]
