"""A wrong answer to 03_port_py2: on a taken port, main() prints a message and returns.

The Python 2 code printed and then exited, and students keep the print but drop the exit;
the program then ends with status 0, so a script or a service manager that started it
believes all went well.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        raise SystemExit(f"cannot listen on port {port}: {error}") from error\n',
     '        print(f"cannot listen on port {port}")\n        return\n'),
]
