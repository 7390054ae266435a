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
client. Find them: the contract below says what the fixed server must do.

Write the Python 3 version below with the standard library's socketserver.
Everything chapter 03 showed at work may be used with it: the handler's rfile is
a file like the one in chapter 03, so socketserver_edu.lines.read_line works on
it too, and so does a plain readline with a limit.
The contract (the tests check each point):

ShoutHandler, a StreamRequestHandler:
- Answers every line it receives (b"\n" ends a line) with one line: the text
  stripped of surrounding whitespace, in capitals, as UTF-8, ending with b"\n".
  Capitals as text, not bytes: "straße" becomes "STRASSE".
- Reads each line as UTF-8; bytes that are not UTF-8 become U+FFFD (the
  replacement character) in the text, instead of an error.
- Answers several lines per connection, two lines that came in one piece with
  two answers, a line split across two sends once and whole, and a last line
  that has no newline because the client closed.
- Ends quietly (no exception reaches the server) when the client closes, when
  the client stays silent for `timeout` seconds, and when a line is longer than
  MAX_LINE bytes (newline included): then it hangs up without a reply, and keeps
  at most MAX_LINE + 1 bytes of that line in memory.
- For each line, prints exactly one line: "<client host> wrote: <stripped text>".

main(port): serve ShoutHandler on 127.0.0.1:port with a TCPServer until Ctrl-C;
if the port is taken, end the program with a non-zero exit status and a
message that names the port (not a traceback).

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
        # TODO: serve one client as the contract for ShoutHandler in this file's
        # docstring says.
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


def main(port=9999):
    """Serve on 127.0.0.1:port until Ctrl-C; a port already taken ends the program with status 1."""
    # BEGIN SOLUTION
    # TODO: as the contract for main() in this file's docstring says.
    try:
        server = socketserver.TCPServer(("127.0.0.1", port), ShoutHandler)
    except OSError as error:
        raise SystemExit(f"cannot listen on port {port}: {error}") from error
    with server:
        server.serve_forever()  # blocking, until Ctrl-C
    # END SOLUTION


if __name__ == "__main__":
    main()
