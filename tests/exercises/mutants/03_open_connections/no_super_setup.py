"""A wrong answer to 03_open_connections: its setup() counts but never calls super().setup().

BaseRequestHandler's setup() does nothing, and students who learned it there think overriding
it costs nothing; but StreamRequestHandler builds rfile and wfile in its setup(), so every
subclass's handle() fails on its first read.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        super().setup()  # if this raises, finish() never runs: count only after it\n',
     ''),
]
