"""Off-by-one at the limit: a message of exactly max_size bytes is refused.

"At most max_size" read as "less than max_size": >= written where > is meant.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    if size > max_size:\n',
     '    if size >= max_size:\n'),
]
