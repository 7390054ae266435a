"""Exercise 04_udp_service: design a tiny counter service over UDP.

This is a design exercise: you write the server class and its handler yourself,
from the spec below. Chapter 04 showed that a UDPServer turns each datagram into
one request, and that nothing links two datagrams from the same client except
the address they come from. Build a small service on that fact.

The protocol. Each datagram is one command in ASCII. Spaces and a newline around
the words are ignored; commands are upper case. The reply is always exactly one
datagram:

    GET        -> the client's counter as a number, b"0" for a new client
    ADD <n>    -> add the whole number n; reply the new value
    RESET      -> set the counter back to 0; reply b"0"
    anything else: an unknown command, a missing or bad number, extra words,
    bytes that are not ASCII, an empty datagram, a datagram longer than LONGEST
               -> b"ERROR " and a short reason; the counter does not change

A whole number is written as an optional minus sign and then one or more of the
ASCII digits 0 to 9, and nothing else: b"5", b"-12" and b"007" are numbers;
b"+5", b"1_000", b"1.5", b"-" and b"5-" are not (they get an ERROR reply).

Limits. A command is at most LONGEST bytes. A longer datagram is an error as a
whole: the server must never cut it and then obey the part it kept.

State. Every client has its own counter, kept for as long as the server runs and
keyed by the client's whole address (host AND port: two programs on one host are
two clients). After a bad datagram the server keeps serving.

The names the tests use. CounterServer, a UDPServer: CounterServer(server_address)
makes a working server with its handler built in (the tests pass no handler
class). The tests run it with serve_forever() and stop it with shutdown() and
server_close(), like any server of this course. Name the handler and its helper
methods as you like.

Check it: socketserver-edu check 04_udp_service   (or: pytest tests/exercises/test_04_udp_service.py --target=exercises)
"""

import socketserver_edu as socketserver

LONGEST = 512  # bytes in the longest command the service accepts

# BEGIN SOLUTION
# TODO: write class CounterServer (a UDPServer that CounterServer(server_address)
# makes ready to serve) and the handler it uses, so that a client sees exactly the
# protocol in the docstring above: one reply datagram per datagram, ERROR replies
# that leave the counter alone, one counter per client address, and no command
# longer than LONGEST obeyed, even in part.


class CounterServer(socketserver.UDPServer):
    """A UDP server that keeps one counter per client address."""

    # One byte more than the longest command: a datagram that fills the whole
    # buffer was longer than LONGEST, and it is refused instead of being cut.
    max_packet_size = LONGEST + 1

    def __init__(self, server_address, RequestHandlerClass=None, bind_and_activate=True):
        # client address -> counter. A real service would also forget clients that
        # have been silent for long, or this dict grows with every new address.
        self.counters = {}
        super().__init__(server_address, RequestHandlerClass or CounterHandler,
                         bind_and_activate)


def is_whole_number(text):
    """True for an optional minus sign and one or more ASCII digits, and nothing else."""
    # int() alone says yes to more: "+5", "1_000", and digits of other scripts.
    digits = text[1:] if text.startswith("-") else text
    return digits != "" and all(character in "0123456789" for character in digits)


class CounterHandler(socketserver.BaseRequestHandler):
    """Answer one command datagram with one reply datagram."""

    def handle(self):
        data, server_socket = self.request
        server_socket.sendto(self.answer(data), self.client_address)

    def answer(self, data):
        """The reply to one command datagram: bytes in, bytes out; bad input gets b"ERROR ..."."""
        if len(data) > LONGEST:
            return b"ERROR a command is at most 512 bytes"
        try:
            words = data.decode("ascii").split()
        except UnicodeDecodeError:
            return b"ERROR the command must be ASCII text"
        value = self.server.counters.get(self.client_address, 0)
        if words == ["GET"]:
            pass
        elif words == ["RESET"]:
            value = 0
        elif len(words) == 2 and words[0] == "ADD":
            if not is_whole_number(words[1]):
                return b"ERROR ADD needs a whole number: an optional minus and digits"
            value += int(words[1])
        else:
            return b"ERROR unknown command: use GET, ADD <n> or RESET"
        # A handler object lives for one datagram: the counter lives on the server.
        self.server.counters[self.client_address] = value
        return str(value).encode("ascii")
# END SOLUTION
