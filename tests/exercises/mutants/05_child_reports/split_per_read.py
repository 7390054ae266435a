"""05_child_reports, wrong: collect_reports() splits each chunk into lines as it reads.

A read may end in the middle of a report, so splitting per chunk turns one long report
into two pieces: split only once the pipe is empty.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            data += chunk\n        self.reports.extend(line.decode() for line in data.splitlines())\n',
     '            self.reports.extend(line.decode() for line in chunk.splitlines())\n'),
]
