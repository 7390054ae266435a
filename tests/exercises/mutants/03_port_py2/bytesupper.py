"""A wrong answer to 03_port_py2 that students write: bytesupper.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self.wfile.write(text.upper().encode("utf-8") + b"\\n")\n',
     '            self.wfile.write(text.encode("utf-8").upper() + b"\\n")\n'),
]
