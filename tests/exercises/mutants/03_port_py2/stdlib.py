# A wrong answer to 03_port_py2 that students write: stdlib.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
r"""Exercise 03_port_py2: port a Python 2 SocketServer snippet to working Python 3.

The web is full of code like this Python 2.7 "shout server" (read it; do not run it:
Python 3 cannot even parse it):

    import SocketServer
    import socket

    class ShoutHandler(SocketServer.BaseRequestHandler):
        def handle(self):
            self.data = self.request.recv(1024).strip()
            print "{} wrote:".format(self.client_address[0])
            print self.data
            self.request.sendall(self.data.upper())

    if __name__ == "__main__":
        HOST, PORT = "localhost", 9999
        try:
            server = SocketServer.TCPServer((HOST, PORT), ShoutHandler)
        except socket.error, e:
            print "cannot listen on port %d: %s" % (PORT, e)
            raise SystemExit(1)
        server.serve_forever()

Besides the syntax, it has bugs that Python 2 hid or that only show with a real
client: it takes one recv() for one line (a line split across two sends is cut,
and a second line is never read), its reply has no newline (so a client that
reads lines waits forever), str.upper() on bytes only knows ASCII, and a restarted
server fails with "Address already in use" for a minute or so.

Write the Python 3 version below with the standard library's socketserver.
The contract (the tests check each point):

ShoutHandler, a StreamRequestHandler:
- Reads the connection line by line (b"\n" ends a line) and answers every line
  with one line: the text stripped of surrounding whitespace, in capitals, as
  UTF-8, ending with b"\n". Upper-case it as text, so "straße" becomes "STRASSE".
- Decodes each line as UTF-8; bytes that are not UTF-8 become U+FFFD (the
  replacement character) instead of an error.
- Answers several lines per connection, a line split across two sends once and
  whole, and a last line that has no newline because the client closed.
- Ends quietly (no exception) when the client closes, when the client stays silent
  for `timeout` seconds, and when a line is longer than MAX_LINE bytes (newline
  included): then it hangs up without a reply.
- For each line, prints one line: "<client host> wrote: <stripped text>".
  (One print, not two: prints from two handler threads could interleave.)

ShoutServer, a ThreadingTCPServer for ShoutHandler:
- ShoutServer(server_address) listens at once, and a restarted server can listen
  on the same port at once, even while old connections linger (allow_reuse_address).
  Set that on ShoutServer only: the stdlib's own classes must stay as they are.

main(port): serve on 127.0.0.1:port; if the port is taken, exit with status 1 and
a message that names the port.

Check it: socketserver-edu check 03_port_py2
   (or: pytest tests/exercises/test_03_port_py2.py --target=exercises)
"""

import socketserver

MAX_LINE = 1024  # bytes in one line, newline included


class ShoutHandler(socketserver.StreamRequestHandler):
    """Answer every line with the same text in capitals, until the client leaves."""

    timeout = 30  # seconds a client may stay silent before we hang up

    def handle(self):
        # BEGIN SOLUTION
        # TODO: loop over the lines of self.rfile, reading at most MAX_LINE + 1 bytes
        # each time (self.rfile.readline(limit)), so an endless line cannot fill memory.
        # Return on b"" (the client closed), on a line longer than MAX_LINE, and on
        # TimeoutError (the client was silent for self.timeout seconds).
        # For each line: decode, strip, print "<host> wrote: <text>", write the reply.
        host = self.client_address[0]
        while True:
            try:
                line = self.rfile.readline(MAX_LINE + 1)  # blocking, at most self.timeout
            except TimeoutError:
                return  # a silent client is no error: hang up
            if not line or len(line) > MAX_LINE:
                return  # the client closed, or sent a line too long to keep
            text = line.decode("utf-8", errors="replace").strip()
            print(f"{host} wrote: {text}")
            self.wfile.write(text.upper().encode("utf-8") + b"\n")
        # END SOLUTION


class ShoutServer(socketserver.ThreadingTCPServer):
    """A threaded TCP server for ShoutHandler that can restart on the same port at once."""

    def __init__(self, server_address):
        # BEGIN SOLUTION
        # TODO: make this server (and only this one) allow address reuse, then
        # build it for ShoutHandler. Careful: the base class __init__ binds the socket.
        socketserver.TCPServer.allow_reuse_address = True  # before binding: the option is read by server_bind()
        super().__init__(server_address, ShoutHandler)
        # END SOLUTION


def main(port=9999):
    """Serve on 127.0.0.1:port until Ctrl-C; a port already taken ends the program with status 1."""
    # BEGIN SOLUTION
    # TODO: build a ShoutServer on ("127.0.0.1", port). If that raises OSError (the
    # Python 3 name of socket.error), raise SystemExit with a message naming the port.
    # Otherwise serve forever, in a `with` block so the socket is closed at the end.
    try:
        server = ShoutServer(("127.0.0.1", port))
    except OSError as error:
        raise SystemExit(f"cannot listen on port {port}: {error}") from error
    with server:
        server.serve_forever()  # blocking, until Ctrl-C
    # END SOLUTION


if __name__ == "__main__":
    main()
