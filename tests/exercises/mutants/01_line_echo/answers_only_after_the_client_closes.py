"""Everything is read until the client closes, and only then split into lines and answered.

It is the simplest way to get whole lines; but a client that waits for each reply before it
sends the next line never gets one, and the buffer has no limit while it waits.

The solution with these edits; its tests must fail on it (tests/test_exercise_pipeline.py).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        chunk = connection.recv(4096)  # blocking\n        if not chunk:\n            return  # the client closed; an unfinished last line gets no reply\n        buffer += chunk\n',
     '        data = b""\n        while chunk := connection.recv(4096):\n            data += chunk\n        *lines, _rest = data.split(b"\\n")\n        for line in lines:\n            connection.sendall(TOO_LONG if len(line) > max_line else shout(line))\n        return\n'),
]
