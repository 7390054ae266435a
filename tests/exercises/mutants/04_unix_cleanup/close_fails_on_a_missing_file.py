"""server_close() looks at the path without allowing for a missing file, and clears nothing.

Students write the happy path (the file is ours, remove it); when someone removed the file
already, lstat() raises FileNotFoundError and the close fails, and a second close tries again.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        try:\n            info = os.lstat(self.server_address)\n        except FileNotFoundError:\n            pass  # someone removed it already\n        else:\n            if (info.st_dev, info.st_ino) == self.socket_file_id:\n                os.remove(self.server_address)\n        self.socket_file_id = None\n',
     '        info = os.lstat(self.server_address)\n        if (info.st_dev, info.st_ino) == self.socket_file_id:\n            os.remove(self.server_address)\n'),
]
