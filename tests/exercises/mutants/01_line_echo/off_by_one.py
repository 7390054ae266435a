# A wrong answer to 01_line_echo that students write: off by one.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 01_line_echo: a line server that works however the bytes arrive.

Chapter 01 showed that recv() returns whatever bytes have arrived: half a line,
a line and a half, several lines, one byte. Write the part of a raw-socket server
that talks to one connected client, the "shouting echo":

- Read from the connection with connection.recv() until it returns b"" (the client
  closed its side).
- Every complete line (the bytes before a b"\n") gets one reply: the line
  upper-cased, then b"!\n". So b"hello\n" gets b"HELLO!\n", and an empty line
  b"\n" gets b"!\n". Reply as soon as the line is complete: do not wait for the end.
- Bytes after the last b"\n" are the start of the next line: keep them until more
  bytes come. If the client closes before finishing that line, it gets no reply.
- A line may hold at most max_line bytes (its b"\n" not counted). When a line is
  longer, send TOO_LONG and return at once, without waiting for the rest of that
  line. This keeps the buffer bounded: a client that never sends b"\n" cannot make
  the server keep its bytes without limit.

Send with connection.sendall(). Do not close the connection: the caller does
that when serve_one_client() returns.

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
    # TODO: keep a buffer (bytes). Loop: take every complete line out of the buffer
    # and sendall(shout(line)); if a line, or the unfinished rest of the buffer, is
    # longer than max_line, sendall(TOO_LONG) and return. Then recv() more bytes
    # (return when recv() gives b"") and add them to the buffer.
    buffer = b""
    while True:
        while b"\n" in buffer:
            line, _newline, buffer = buffer.partition(b"\n")
            if len(line) >= max_line:
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
