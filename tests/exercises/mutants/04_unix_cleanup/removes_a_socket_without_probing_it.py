"""A wrong answer to 04_unix_cleanup that students write: removes a socket without probing it.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:\n        probe.settimeout(PROBE_TIMEOUT)\n        try:\n            probe.connect(path)  # blocking, at most PROBE_TIMEOUT\n        except ConnectionRefusedError:\n            os.remove(path)  # nobody listens: a file left by an earlier run\n            return\n    # Any other error above (a timeout, no permission) also leaves the file alone.\n    raise OSError(errno.EADDRINUSE, "a server is listening on this socket", path)\n',
     '    os.remove(path)\n'),
]
