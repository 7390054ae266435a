"""Compares the exception's class with ConnectionError itself instead of asking isinstance.

A real hang-up raises a subclass (ConnectionResetError, BrokenPipeError), never plain
ConnectionError, so no hang-up is recognised and each is recorded as an error. "type(x) is"
looks exact and safe, but it ignores subclasses.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        if isinstance(error, ConnectionError):\n',
     '        if type(error) is ConnectionError:\n'),
]
