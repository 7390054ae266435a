"""Never records which file bind() created, so server_close() finds nothing of its own to remove.

Students who guard server_close() with the saved identity forget to save it in server_bind;
the socket file stays behind after every run, which is the problem the exercise set out to fix.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        info = os.lstat(self.server_address)\n        self.socket_file_id = (info.st_dev, info.st_ino)\n',
     '        pass\n'),
]
