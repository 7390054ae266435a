# A wrong answer to 03_line_protocol that students write: replace.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
r"""Exercise 03_line_protocol: a tiny key-value store that speaks a line protocol.

Chapter 03 built a calculator on StreamRequestHandler. Now build a store of
keys and values, shared by every client of one server.

The protocol. A client sends commands, one per line; each line ends with b"\n"
(a b"\r\n" is fine too) and is at most MAX_LINE bytes long, newline included.
Lines are UTF-8 text. For every line the server sends exactly one reply line,
also UTF-8, also ending with b"\n", then waits for the next command:

    SET <key> <value>   store value under key     -> OK
    GET <key>           look the key up           -> VALUE <value>   or  NOT FOUND
    DEL <key>           forget the key            -> OK              or  NOT FOUND
    QUIT                say goodbye               -> BYE, then the server closes

- <key> is one word (no spaces). <value> is the rest of the line: it may hold
  spaces, and must not be empty. Command words are upper case.
- The store lives on the server (self.server.store), so what one client SETs,
  the next client can GET.
- Anything else (an unknown command, a missing key or value, extra words after
  GET <key>) gets ERROR <reason>, where <reason> is a short text of your choice,
  and the connection stays open for the next command.
- A line that is not valid UTF-8 gets ERROR <reason>; the connection stays open.
- A line longer than MAX_LINE bytes gets ERROR <reason>, then the server closes
  the connection (the rest of that line is still unread: the stream is lost).
- When the client closes, the handler returns quietly. A last line cut short
  by the client closing (no newline) is not a command: ignore it.

Check it: socketserver-edu check 03_line_protocol
   (or: pytest tests/exercises/test_03_line_protocol.py --target=exercises)
"""

import socketserver_edu as socketserver
from socketserver_edu.lines import LineTooLong, read_line

MAX_LINE = 1024  # bytes in one command line, newline included


class KeyValueServer(socketserver.ThreadingTCPServer):
    """A threaded TCP server that keeps one store for all its clients."""

    def __init__(self, server_address, RequestHandlerClass=None):
        self.store = {}  # key (str) -> value (str), shared by every connection
        super().__init__(server_address, RequestHandlerClass or KeyValueHandler)


class KeyValueHandler(socketserver.StreamRequestHandler):
    """Serve one client: read commands, answer each one, until QUIT or the client closes."""

    def handle(self):
        # BEGIN SOLUTION
        # TODO: loop: read one line with read_line(self.rfile, MAX_LINE).
        # - LineTooLong: reply "ERROR ..." and return (that closes the connection).
        # - b"" (the client closed) or a line without b"\n" at the end: return.
        # - Decode the bytes as UTF-8 yourself; on UnicodeDecodeError reply "ERROR ..."
        #   and read the next line. Strip the line ending ("\r\n" or "\n").
        # - "QUIT": reply "BYE" and return. Anything else: reply self.execute(text).
        # Send each reply with self.reply(...).
        while True:
            try:
                line = read_line(self.rfile, MAX_LINE)  # blocking
            except LineTooLong:
                self.reply(f"ERROR line longer than {MAX_LINE} bytes")
                return
            if not line.endswith(b"\n"):
                return  # the client closed (b""), perhaps in the middle of a line
            try:
                text = line.decode("utf-8", errors="replace")
            except UnicodeDecodeError:
                self.reply("ERROR not UTF-8")
                continue
            text = text.removesuffix("\n").removesuffix("\r")
            if text == "QUIT":
                self.reply("BYE")
                return
            self.reply(self.execute(text))
        # END SOLUTION

    def execute(self, text):
        """Run one command line (a str, line ending removed) and return the reply (no newline)."""
        # BEGIN SOLUTION
        # TODO: split off the command word, then the key, then (for SET) the value.
        # Return "OK", "VALUE <value>", "NOT FOUND" or "ERROR <reason>" as the
        # protocol above says, using the store shared by all clients: self.server.store.
        # Hint: str.partition(" ") splits at the first space.
        store = self.server.store
        command, _, arguments = text.partition(" ")
        if command == "SET":
            key, _, value = arguments.partition(" ")
            if not key or not value:
                return "ERROR usage: SET <key> <value>"
            store[key] = value
            return "OK"
        if command in ("GET", "DEL"):
            if not arguments or " " in arguments:
                return f"ERROR usage: {command} <key>"
            if arguments not in store:
                return "NOT FOUND"
            if command == "DEL":
                del store[arguments]
                return "OK"
            return f"VALUE {store[arguments]}"
        return "ERROR unknown command"
        # END SOLUTION

    def reply(self, text):
        """Send one reply line: the text, encoded as UTF-8, and a newline."""
        # BEGIN SOLUTION
        # TODO: write the reply to self.wfile. wfile takes bytes, and the client
        # reads whole lines: what must the reply end with?
        self.wfile.write(text.encode("utf-8") + b"\n")
        # END SOLUTION
