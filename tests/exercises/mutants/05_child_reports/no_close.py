"""05_child_reports, wrong: server_close() never closes the two ends of the pipe.

Students close the server and forget the pipe they did not open themselves; each server
then leaks two descriptors, and a long-running program runs out of them.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        os.close(self._report_reader)\n        os.close(self._report_writer)\n',
     ''),
]
