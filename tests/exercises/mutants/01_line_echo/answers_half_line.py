"""A wrong answer to 01_line_echo that students write: answers half line.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            return  # the client closed; an unfinished last line gets no reply\n',
     '            if buffer:\n                connection.sendall(shout(buffer))\n            return\n'),
]
