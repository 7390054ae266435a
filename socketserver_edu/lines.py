"""Read a line with a length limit.

A bare ``rfile.readline()`` reads until a newline arrives, however long that
takes. A client that never sends one makes the server keep its bytes in memory,
without bound. ``read_line()`` stops at ``max_length`` bytes and raises
``LineTooLong``, so the handler can answer with an error and hang up.
"""


class LineTooLong(ValueError):
    """The peer sent a line longer than the limit."""


def read_line(rfile, max_length=64 * 1024):
    r"""Read one line (ending in b"\n", kept) of at most max_length bytes; b"" at EOF.

    Raise LineTooLong when no newline comes within max_length bytes. The rest of
    that line stays unread, so the stream is then mid-line: answer and close.
    """
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, not {max_length}")  # -1 would mean no limit
    # One byte more than allowed is enough to tell a line that fits from one that does not.
    line = rfile.readline(max_length + 1)  # blocking
    if len(line) > max_length:
        raise LineTooLong(f"line too long: no newline within {max_length} bytes")
    return line  # a last line without a newline, cut short by EOF, is returned as is
