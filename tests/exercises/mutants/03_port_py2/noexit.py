"""A wrong answer to 03_port_py2 that students write: noexit.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        raise SystemExit(f"cannot listen on port {port}: {error}") from error\n',
     '        print(f"cannot listen on port {port}")\n        return\n'),
]
