r"""Exercise 03_line_protocol (design): write the handler of a tiny key-value store.

Chapter 03 built a calculator on StreamRequestHandler. Now design a handler of
your own: a store of keys and values, kept by the server and shared by all the
clients of that server. KeyValueServer is given; you write KeyValueHandler, the
class the server builds for each connection. Which methods it has is up to you:
the tests only talk to the server over real connections, as a client would.

The protocol. A client sends commands, one per line. A line ends with b"\n" (a
b"\r\n" is fine too) and is at most MAX_LINE bytes long, newline included.
Lines are UTF-8 text. For every line the server sends exactly one reply line,
also UTF-8, also ending with b"\n", then waits for the next command:

    SET <key> <value>   store value under key     -> OK
    GET <key>           look the key up           -> VALUE <value>   or  NOT FOUND
    DEL <key>           forget the key            -> OK              or  NOT FOUND
    QUIT                say goodbye               -> BYE, then the server closes

- One space separates the command word, the key and the value. <key> is one
  word (no spaces). <value> is everything after the space that follows the key,
  exactly as sent: it may hold spaces, also at its start and its end, and it
  must not be empty. Only the line ending is not part of it. Command words are
  upper case only: a command word in lower case (get k, Set k v) is an unknown
  command.
- The store lives on the server (self.server.store, a dict): what one client
  SETs, the next client of the same server can GET. Another server has its own.
- Anything else (an unknown command, a missing key or value, extra words after
  GET <key>) gets ERROR <reason>, where <reason> is a short text of your choice,
  and the connection stays open for the next command.
- A line that is not valid UTF-8 gets ERROR <reason>; nothing is stored, and
  the connection stays open.
- A line longer than MAX_LINE bytes gets ERROR <reason> as soon as MAX_LINE + 1
  bytes have come without a newline, then the server closes the connection (the
  rest of that line is unread: we no longer know where the next line starts).
- When the client closes, the handler returns quietly. A last line cut short by
  the client closing (no newline) is not a command: ignore it.

Check it: socketserver-edu check 03_line_protocol
   (or: pytest tests/exercises/test_03_line_protocol.py --target=exercises)
"""

import socketserver_edu as socketserver
from socketserver_edu.lines import LineTooLong, read_line

MAX_LINE = 1024  # bytes in one command line, newline included


class KeyValueServer(socketserver.TCPServer):
    """A TCP server that keeps one store for all its clients (served one at a time)."""

    def __init__(self, server_address, RequestHandlerClass=None):
        self.store = {}  # key (str) -> value (str), shared by every connection to this server
        super().__init__(server_address, RequestHandlerClass or KeyValueHandler)


# TODO: write the class KeyValueHandler, a StreamRequestHandler that serves one
# client as the protocol in this file's docstring says. KeyValueServer builds
# one for each connection.
