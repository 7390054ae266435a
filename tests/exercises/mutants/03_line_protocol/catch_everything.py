"""A wrong answer to 03_line_protocol: one try/except Exception around reading and decoding.

Students merge the two error cases into one handler that replies ERROR and reads on; that is
right for bad UTF-8 but wrong for a line that is too long: the connection stays open, and the
rest of that line is then read as if it were new commands.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('''            try:
                line = read_line(self.rfile, MAX_LINE)  # blocking
            except LineTooLong:
                self.reply(f"ERROR line longer than {MAX_LINE} bytes")
                return  # the rest of that line is unread: the stream is lost
            if not line.endswith(b"\\n"):
                return  # the client closed (b""), perhaps in the middle of a line
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
''',
     '''            try:
                line = read_line(self.rfile, MAX_LINE)  # blocking
                if not line.endswith(b"\\n"):
                    return  # the client closed (b""), perhaps in the middle of a line
                text = line.decode("utf-8")
            except Exception:  # wrong: a lost stream is not a bad request
'''),
]
