"""A wrong answer to 04_unix_cleanup that students write: close removes any file at the path.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if (info.st_dev, info.st_ino) == self.socket_file_id:\n                os.remove(self.server_address)\n',
     '            os.remove(self.server_address)\n'),
]
