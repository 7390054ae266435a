"""Records sys.exc_info()[0], the exception's class, instead of the exception object.

The class says only "ValueError"; the message and the details are lost. exc_info() returns
(type, value, traceback) and the first item looks like the obvious one to take.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        error = sys.exception()  # Python 3.11+; before: sys.exc_info()[1]\n',
     '        error = sys.exc_info()[0]\n'),
]
