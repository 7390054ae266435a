"""Starts a thread for each request.

The contract asks for everything in the calling thread; threads serve several clients at
once, but they are chapter 05's tool and break the promise of one request at a time here.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                key.fileobj.handle_request()\n',
     '                __import__("threading").Thread(target=key.fileobj.handle_request).start()\n'),
]
