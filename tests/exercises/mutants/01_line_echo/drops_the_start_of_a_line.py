"""The buffer is replaced by each new chunk instead of extended: the unfinished start of a line
is thrown away when the next bytes come.

= written where += is meant; with lines that arrive whole the bug never shows.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        buffer += chunk\n',
     '        buffer = chunk\n'),
]
