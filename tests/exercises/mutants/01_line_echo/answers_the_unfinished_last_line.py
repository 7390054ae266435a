"""When the client closes, the bytes of an unfinished last line are answered as if it were a line.

Students "do not want to lose data"; but the spec says a line is complete only with its b"\n".

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            return  # the client closed; an unfinished last line gets no reply\n',
     '            if buffer:\n                connection.sendall(shout(buffer))\n            return\n'),
]
