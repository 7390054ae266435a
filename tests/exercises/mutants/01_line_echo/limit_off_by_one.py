"""Off-by-one at the limit: a line of exactly max_line bytes is refused.

"At most max_line" read as "less than max_line", or the b"\n" counted in the length.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if len(line) > max_line:\n',
     '            if len(line) >= max_line:\n'),
]
