"""A wrong answer to 03_port_py2: it keeps the Python 2 code's one recv() per line.

The snippet read with self.request.recv(1024), and a port that only fixes the syntax keeps it;
but one recv() returns whatever has arrived, so two lines sent together get one answer and a
line split across two sends gets two.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                line = self.rfile.readline(MAX_LINE + 1)  # blocking, at most self.timeout\n',
     '                line = self.request.recv(MAX_LINE)  # blocking: whatever has arrived\n'),
]
