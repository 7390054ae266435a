"""Sets the socket timeout to the whole timeout of the try before every receive, so each stray
datagram restarts the wait and a steady trickle of strays keeps the client waiting for ever.

Students read "wait at most timeout" as "each recvfrom waits at most timeout", which is the
same thing only when nothing else arrives; the chapter's deadline (time.monotonic) is the fix.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        deadline = time.monotonic() + timeout\n        while True:  # bounded by the deadline\n'
     '            left = deadline - time.monotonic()\n            if left <= 0:\n'
     '                return None\n            self.socket.settimeout(left)\n',
     '        self.socket.settimeout(timeout)\n        while True:\n'),
]
