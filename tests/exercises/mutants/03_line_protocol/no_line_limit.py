"""A wrong answer to 03_line_protocol: it reads each line with a bare rfile.readline().

That is the shortest way to read a line, so students reach for it first; but it waits for
the newline however long the line grows, so one client can fill the server's memory and the
"ERROR" for an over-long line never comes.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                line = read_line(self.rfile, MAX_LINE)  # blocking\n',
     '                line = self.rfile.readline()  # blocking, without a limit\n'),
]
