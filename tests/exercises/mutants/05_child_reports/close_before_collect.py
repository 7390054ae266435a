"""05_child_reports, wrong: server_close() closes the pipe first and collects after.

Tidying up first feels natural, but the read end is then gone: the last reports can no
longer be read, and collect_reports() fails on a closed descriptor.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        super().server_close()\n        self.collect_reports()\n',
     '        super().server_close()\n'),
    ('        os.close(self._report_writer)\n',
     '        os.close(self._report_writer)\n        self.collect_reports()\n'),
]
