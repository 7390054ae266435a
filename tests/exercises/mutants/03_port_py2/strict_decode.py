"""A wrong answer to 03_port_py2: it decodes each line with the default errors="strict".

Students add .decode("utf-8") and test with clean text only; a client that sends Latin-1 (or
any bytes that are not UTF-8) then makes decode() raise UnicodeDecodeError, and the connection
ends instead of getting U+FFFD in its answer.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            text = line.decode("utf-8", errors="replace").strip()\n',
     '            text = line.decode("utf-8").strip()\n'),
]
