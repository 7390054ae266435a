"""A wrong answer to 03_line_protocol: it accepts command words in any case (get k, Set k v).

Being kind to the client feels right, so students upper-case the command word before they
look at it; but the protocol says command words are upper case only, and a lower-case word
is an unknown command that must get an ERROR.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        command, _, arguments = text.partition(" ")\n',
     '        command, _, arguments = text.partition(" ")\n        command = command.upper()  # wrong: any case accepted\n'),
    ('            if text == "QUIT":\n',
     '            if text.upper() == "QUIT":\n'),
]
