"""A wrong answer to 03_line_protocol: it decodes with errors="replace" instead of refusing.

The chapter shows errors="replace" as the way to never crash on bad bytes, so students use it
here too; but then a line that is not UTF-8 is stored with U+FFFD in it, where the protocol
asks for an ERROR reply and nothing stored.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                text = line.decode("utf-8")\n',
     '                text = line.decode("utf-8", errors="replace")\n'),
]
