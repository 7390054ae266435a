"""server_close() removes whatever file is at the path, without comparing it with its own.

A path names whatever file is there now; students take it for "my file". If another server
replaced ours at the same path, this close deletes the newcomer's socket file and steals its address.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if (info.st_dev, info.st_ino) == self.socket_file_id:\n                os.remove(self.server_address)\n',
     '            os.remove(self.server_address)\n'),
]
