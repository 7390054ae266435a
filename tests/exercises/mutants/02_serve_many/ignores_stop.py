"""Loops forever and never looks at the stop event.

serve_many then never returns, and the thread that called it can never be joined. The
student thought of "serve forever" and forgot the way out.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        while not stop.is_set():\n',
     '        while True:\n'),
]
