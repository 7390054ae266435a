"""A wrong answer to 03_line_protocol: it removes the "\\n" and leaves the "\\r" of "\\r\\n".

Students test with a client that sends "\\n" only; telnet and many other clients send "\\r\\n",
and then every key and value ends in an invisible "\\r", so GET never finds what SET stored.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            text = text.removesuffix("\\n").removesuffix("\\r")  # the line ending, nothing more\n',
     '            text = text.removesuffix("\\n")  # wrong: the "\\r" of "\\r\\n" stays\n'),
]
