"""Checks the number with lstrip of the minus sign and isdigit, which takes off every minus,
so b"ADD --5" passes the check and then int() raises inside the handler: no reply at all.

Students remove "the" minus sign with lstrip because it reads well, without noticing that
lstrip removes as many as there are.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            if not is_whole_number(words[1]):\n',
     '            if not words[1].lstrip("-").isdigit():\n'),
]
