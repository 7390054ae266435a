"""05_child_reports, wrong: collect_reports() reads the pipe once.

One os.read() looks like "read what is there", but it returns at most the size asked
for: when many reports wait, the rest stays behind, and a report may be cut in two.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            data += chunk\n',
     '            data += chunk\n            break\n'),
]
