"""05_child_reports, wrong: collect_reports() reads until os.read() returns b"" and never
expects BlockingIOError.

That is how one reads a file or a pipe whose writers have all gone; here the server
itself holds a write end, so the end never comes: the non-blocking read raises
BlockingIOError as soon as the pipe is empty, and serve_forever() stops.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("            try:\n                chunk = os.read(self._report_reader, 4096)\n"
     "            except BlockingIOError:\n                break  # empty: everything written so far has been read\n",
     "            chunk = os.read(self._report_reader, 4096)\n"),
]
