"""A wrong answer to 03_port_py2: it keeps the two print statements of the Python 2 code.

Converting each print statement into a print() call is the mechanical port, so students do
exactly that; but the contract asks for one line per line received, and two lines make a log
that is hard to read (and that interleaves once handlers run in threads, chapter 05).

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            print(f"{host} wrote: {text}")\n',
     '            print(f"{host} wrote:")\n            print(text)\n'),
]
