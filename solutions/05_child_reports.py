"""Exercise 05_child_reports: bring results home from forked children.

A forked child works on a copy of the server: whatever it stores there is lost when
it exits (chapter 05, section 5). ReportingForkingTCPServer gives its children a
way home: a pipe. __init__ (given) makes it before any fork, so every child inherits
both ends, and sets its read end, self._report_reader, non-blocking; the write end
is self._report_writer.

Write three methods. What the tests observe:

- report(text) is called by a handler, so it runs in a child. The text reaches the
  parent as one report, whole. A text has no newline in it and is at most 4000
  bytes of UTF-8 (any text: é, € and 😀 take 2 to 4 bytes each): on Linux, one write
  of up to 4096 bytes (PIPE_BUF) enters a pipe whole, never mixed with another
  child's write.
- collect_reports() runs in the parent and never waits. Every report that is in the
  pipe when it is called is appended to self.reports, as a str, whole, in the order
  the reports arrived. Many reports may wait in the pipe at once (the tests put up
  to 100 kB there: more than one read returns). service_actions() (given) calls it once per serve_forever()
  loop, so reports arrive while the server runs, not only at the end.
- server_close() closes the server and waits for its children, as usual. When it
  returns, self.reports holds the report of every child, and both ends of the pipe
  are closed.

Check it: socketserver-edu check 05_child_reports
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
        # TODO: send text to the parent through the pipe, so that it arrives whole
        # and can be told apart from the reports before and after it.
        os.write(self._report_writer, text.encode() + b"\n")
        # END SOLUTION

    def collect_reports(self):
        """Move the report lines waiting in the pipe into self.reports. Never blocks."""
        # BEGIN SOLUTION
        # TODO: append to self.reports every report waiting in the pipe now, each one
        # whole, as a str, in order. Return at once when the pipe is empty.
        data = b""
        while True:
            try:
                chunk = os.read(self._report_reader, 4096)
            except BlockingIOError:
                break  # empty: everything written so far has been read
            if not chunk:
                break  # every write end is closed: nothing more can come
            data += chunk
        self.reports.extend(line.decode() for line in data.splitlines())
        # END SOLUTION

    def service_actions(self):
        """Reap children (ForkingMixIn), then collect their reports."""
        super().service_actions()
        self.collect_reports()

    def server_close(self):
        """Close the server and wait for the children, collect their last reports, close the pipe."""
        # BEGIN SOLUTION
        # TODO: close the server as usual; when this returns, self.reports holds the
        # report of every child, and this process holds neither end of the pipe.
        super().server_close()
        self.collect_reports()
        os.close(self._report_reader)
        os.close(self._report_writer)
        # END SOLUTION
