"""A wrong answer to 03_line_protocol: it removes the line ending with str.strip().

strip() is the habit for "remove the newline", and every other test passes; but it also
removes the spaces at the start and the end of a value, which the protocol says are part of it.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            text = text.removesuffix("\\n").removesuffix("\\r")  # the line ending, nothing more\n',
     '            text = text.strip()  # wrong: the spaces around the value go too\n'),
]
