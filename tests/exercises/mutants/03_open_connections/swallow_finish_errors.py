"""A wrong answer to 03_open_connections: it wraps super().finish() in except OSError: pass.

Students see finish() raise for a vanished client and silence it, which keeps the count right;
but the server's handle_error() never hears that the last answer was lost, so the log says
every client was served.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        try:\n            super().finish()  # may raise: the client may be gone\n        finally:\n',
     '        try:\n            super().finish()  # may raise: the client may be gone\n'
     '        except OSError:\n            pass  # wrong: the error is hidden\n        if True:\n'),
]
