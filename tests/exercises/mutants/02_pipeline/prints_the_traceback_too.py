"""Records the error, and also calls TCPServer's handle_error, which prints the traceback.

"Call super() in an override" is a good habit, but here the base behaviour, printing to a
terminal nobody reads, is exactly what the operator wanted to replace.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        error = sys.exception()  # Python 3.11+; before: sys.exc_info()[1]\n',
     '        super().handle_error(request, client_address)\n'
     '        error = sys.exception()  # Python 3.11+; before: sys.exc_info()[1]\n'),
]
