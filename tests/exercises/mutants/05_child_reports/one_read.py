# A wrong answer to 05_child_reports that students write: one read.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 05_child_reports: bring results home from forked children.

A forked child works on a copy of the server: whatever it stores there is lost when
it exits (chapter 05, section 5). ReportingForkingTCPServer gives its children a way
home: a pipe. The parent makes it in __init__ (given), before any fork, so every
child inherits both ends. A child writes into the pipe; the parent reads from it.

Write three methods:

- report(text): called by a handler, so it runs in the child. Write text as one
  line (UTF-8, ending in b"\\n") to the write end, self._report_writer, with a single
  os.write(). Keep reports short: a write of up to 4096 bytes (PIPE_BUF on Linux)
  arrives in the pipe whole, never mixed with another child's line.
- collect_reports(): runs in the parent. Read everything waiting in the read end,
  self._report_reader (set non-blocking: os.read() raises BlockingIOError when the pipe
  is empty), then split it into lines and append each, decoded and without its
  b"\\n", to self.reports. One os.read() may stop in the middle of a line, so split
  only after the pipe is empty: since every report went in whole, everything read
  by then is whole lines.
- server_close(): close the server as usual (super().server_close(), which waits for
  the children to exit), then collect the last reports, then close both ends of the
  pipe with os.close().

service_actions() (given) calls collect_reports() once per serve_forever() loop, so
reports arrive while the server runs, not only at the end.

Check it: socketserver-edu check 05_child_reports
   (or: pytest tests/exercises/test_05_child_reports.py --target=exercises)
"""

import os

import socketserver_edu as socketserver


class ReportingForkingTCPServer(socketserver.ForkingTCPServer):
    """A ForkingTCPServer whose children send report lines home through a pipe."""

    def __init__(self, *args, **kwargs):
        self.reports = []  # the children's report lines, in the order they arrived
        # Before any fork (and before super().__init__, whose failure calls server_close).
        self._report_reader, self._report_writer = os.pipe()
        os.set_blocking(self._report_reader, False)  # collect_reports() never waits
        super().__init__(*args, **kwargs)

    def report(self, text):
        """Send one line of text to the parent. Call it from a handler (in the child)."""
        # BEGIN SOLUTION
        # TODO: encode text as UTF-8, add b"\n", and write it to self._report_writer
        # with one os.write() call.
        os.write(self._report_writer, text.encode() + b"\n")
        # END SOLUTION

    def collect_reports(self):
        """Move the report lines waiting in the pipe into self.reports. Never blocks."""
        # BEGIN SOLUTION
        # TODO: call os.read(self._report_reader, 4096) again and again, keeping the
        # chunks, until it raises BlockingIOError (the pipe is empty) or returns b""
        # (no write end is open any more). Then join the chunks, split them into
        # lines, and append each line, decoded, to self.reports.
        data = b""
        while True:
            try:
                chunk = os.read(self._report_reader, 4096)
            except BlockingIOError:
                break  # empty: everything written so far has been read
            if not chunk:
                break  # every write end is closed: nothing more can come
            data += chunk
            break
        self.reports.extend(line.decode() for line in data.splitlines())
        # END SOLUTION

    def service_actions(self):
        """Reap children (ForkingMixIn), then collect their reports."""
        super().service_actions()
        self.collect_reports()

    def server_close(self):
        """Close the server and wait for the children, collect their last reports, close the pipe."""
        # BEGIN SOLUTION
        # TODO: call super().server_close() (it waits for the children), then
        # self.collect_reports(), then os.close() both self._report_reader and
        # self._report_writer.
        super().server_close()
        self.collect_reports()
        os.close(self._report_reader)
        os.close(self._report_writer)
        # END SOLUTION
