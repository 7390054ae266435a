"""A wrong answer to 04_unix_cleanup that students write: close fails on a missing file.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        try:\n            info = os.lstat(self.server_address)\n        except FileNotFoundError:\n            pass  # someone removed it already\n        else:\n            if (info.st_dev, info.st_ino) == self.socket_file_id:\n                os.remove(self.server_address)\n        self.socket_file_id = None\n',
     '        info = os.lstat(self.server_address)\n        if (info.st_dev, info.st_ino) == self.socket_file_id:\n            os.remove(self.server_address)\n'),
]
