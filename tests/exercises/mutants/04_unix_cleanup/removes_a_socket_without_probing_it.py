"""Removes any socket file at the path without asking whether a server still listens on it.

Checking "is it a socket?" feels careful enough; but the socket file of a running server is a
socket too, and removing it lets this server take the address while the old one goes deaf.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:\n        probe.settimeout(PROBE_TIMEOUT)\n        try:\n            probe.connect(path)  # blocking, at most PROBE_TIMEOUT\n        except ConnectionRefusedError:\n            os.remove(path)  # nobody listens: a file left by an earlier run\n            return\n    # Any other error above (a timeout, no permission) also leaves the file alone.\n    raise OSError(errno.EADDRINUSE, "a server is listening on this socket", path)\n',
     '    os.remove(path)\n'),
]
