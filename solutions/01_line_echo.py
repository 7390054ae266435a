"""Exercise 01_line_echo: a line server that works however the bytes arrive.

Write serve_one_client(connection, max_line), the part of a raw-socket server that
talks to one connected client: the "shouting echo". What the client observes:

- Every complete line it sends (the bytes before a b"\n") gets one reply: the line
  upper-cased, then b"!\n" (shout() makes it). b"hello\n" gets b"HELLO!\n"; an empty
  line b"\n" gets b"!\n".
- The reply comes as soon as the line is complete, while the client is still
  connected, however recv() cuts the bytes: half a line, a line and a half, several
  lines at once, one byte at a time.
- Bytes after the last b"\n" belong to the next line. If the client closes before
  that line is finished, the unfinished line gets no reply.
- A line may hold at most max_line bytes (its b"\n" not counted). As soon as the
  server holds more than max_line bytes of one line, whether or not its b"\n" has
  come, the client gets TOO_LONG and the function returns: it never waits for the
  rest of that line, and answers nothing after it.
- When the client closes its side (recv() returns b""), the function returns.

The connection offers recv(size) and sendall(data) only. Do not close it: the caller
does that when serve_one_client() returns.

Check it: socketserver-edu check 01_line_echo
(or: pytest tests/exercises/test_01_line_echo.py --target=exercises)
"""

MAX_LINE = 1024  # bytes in one line, its b"\n" not counted
TOO_LONG = b"ERROR: line too long\n"


def shout(line):
    r"""The reply to one line (given without its b"\n")."""
    return line.upper() + b"!\n"


def serve_one_client(connection, max_line=MAX_LINE):
    """Answer each complete line from connection until the client closes; stop at a too-long line."""
    # BEGIN SOLUTION
    # TODO: serve the client on connection as the docstring at the top of this file
    # says: one reply per complete line, as soon as it is complete; TOO_LONG and return
    # once a line passes max_line bytes; return when the client closes.
    buffer = b""
    while True:
        while b"\n" in buffer:
            line, _newline, buffer = buffer.partition(b"\n")
            if len(line) > max_line:
                connection.sendall(TOO_LONG)
                return
            connection.sendall(shout(line))
        if len(buffer) > max_line:
            # No newline can make this line short enough any more: stop now.
            connection.sendall(TOO_LONG)
            return
        chunk = connection.recv(4096)  # blocking
        if not chunk:
            return  # the client closed; an unfinished last line gets no reply
        buffer += chunk
    # END SOLUTION
