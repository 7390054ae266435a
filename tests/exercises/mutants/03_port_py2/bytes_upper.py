"""A wrong answer to 03_port_py2: it upper-cases the encoded bytes, as the Python 2 code did.

bytes still have upper(), so the old line runs unchanged in Python 3 and English text looks
right; but bytes.upper() knows only ASCII, so "straße, été" comes back with its other letters
unchanged.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self.wfile.write(text.upper().encode("utf-8") + b"\\n")\n',
     '            self.wfile.write(text.encode("utf-8").upper() + b"\\n")\n'),
]
