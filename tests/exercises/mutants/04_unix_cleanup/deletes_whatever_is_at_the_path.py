"""Deletes anything that exists at the path before binding: the quick fix found all over the web.

It makes "Address already in use" go away, and with it a regular file given by a typo, or
the socket file of a server that is still running.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('    try:\n        mode = os.lstat(path).st_mode\n    except FileNotFoundError:\n        return\n    if not stat.S_ISSOCK(mode):\n        raise FileExistsError(errno.EEXIST, "this is not a socket: refusing to remove it", path)\n    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:\n        probe.settimeout(PROBE_TIMEOUT)\n        try:\n            probe.connect(path)  # blocking, at most PROBE_TIMEOUT\n        except ConnectionRefusedError:\n            os.remove(path)  # nobody listens: a file left by an earlier run\n            return\n    # Any other error above (a timeout, no permission) also leaves the file alone.\n    raise OSError(errno.EADDRINUSE, "a server is listening on this socket", path)\n',
     '    if os.path.exists(path):\n        os.remove(path)\n'),
]
