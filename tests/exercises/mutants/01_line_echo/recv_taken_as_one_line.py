"""Each recv() result is taken as one line: it is stripped of its b"\n" and answered.

With one short line per send on loopback, each recv() happens to hold one line, so the
program seems right; a line in two pieces gets two replies, two lines in one recv() get one.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        buffer += chunk\n',
     '        connection.sendall(shout(chunk.rstrip(b"\\n")))\n'),
]
