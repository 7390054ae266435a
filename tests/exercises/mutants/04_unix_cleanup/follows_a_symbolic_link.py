"""Asks os.stat() instead of os.lstat(), so a symbolic link to a stale socket counts as a socket.

stat() follows the link and describes the file it points to; students meet stat() first and
do not know it looks through links. The probe then removes the link, a file that was not a socket.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        mode = os.lstat(path).st_mode\n', '        mode = os.stat(path).st_mode\n'),
]
