"""A wrong answer to 03_port_py2: it catches the wrong exception around the read.

Students remember the Python 2 name socket.timeout, or guess another class, instead of
TimeoutError; then a silent client makes handle() raise, and the server prints a traceback
for every idle client.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            except TimeoutError:\n',
     '            except ValueError:\n'),
]
