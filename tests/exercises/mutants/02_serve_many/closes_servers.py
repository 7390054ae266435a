"""Closes every server when the loop ends, to leave nothing open.

The servers belong to the caller, who may serve them again or close them in a with block:
closing them here takes that away (and a second close is not always harmless). Tidy code,
in the wrong owner's hands.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('                key.fileobj.handle_request()\n',
     '                key.fileobj.handle_request()\n        for server in servers:\n            server.server_close()\n'),
]
