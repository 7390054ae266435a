"""A wrong answer to 04_unix_cleanup that students write: never saves the file id.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        info = os.lstat(self.server_address)\n        self.socket_file_id = (info.st_dev, info.st_ino)\n',
     '        pass\n'),
]
