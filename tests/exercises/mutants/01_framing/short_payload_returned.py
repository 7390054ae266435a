"""When the peer closes in the middle of a payload, the bytes that did come are returned as if
they were the whole message.

The loop stops at b'' as it should, but nobody checks that it got all it asked for.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    if len(payload) < size:\n',
     '    if False:  # the short payload is returned\n'),
]
