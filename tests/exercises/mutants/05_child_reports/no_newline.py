"""05_child_reports, wrong: report() writes the text without a line end.

A pipe carries bytes, not messages: two reports that wait in it together come out glued
into one, and the parent cannot tell where one ends.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        os.write(self._report_writer, text.encode() + b"\\n")\n',
     '        os.write(self._report_writer, text.encode())\n'),
]
