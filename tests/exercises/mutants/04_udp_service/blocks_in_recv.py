# A wrong answer to 04_udp_service that students write: blocks in recv.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 04_udp_service: a counter service over UDP, one datagram per command.

Chapter 04 showed that a UDPServer turns each datagram into one request, and that
nothing links two datagrams from the same client except the address they come
from. Build a small service on that fact.

Each datagram is one command in ASCII (spaces and a newline around it are
ignored; commands are upper case). The reply is always exactly one datagram:

    GET        -> the client's counter as a number, b"0" for a new client
    ADD <n>    -> add the whole number n (it may be negative); reply the new value
    RESET      -> set the counter back to 0; reply b"0"
    anything else: an unknown command, a missing or bad number, extra words,
    bytes that are not ASCII, an empty datagram
               -> b"ERROR " and a short reason; the counter does not change

Every client has its own counter, kept on the server and keyed by the client's
whole address (host AND port: two programs on one host are two clients). After
a bad datagram the server keeps serving.

Check it: socketserver-edu check 04_udp_service   (or: pytest tests/exercises/test_04_udp_service.py --target=exercises)
"""

import socketserver_edu as socketserver


class CounterServer(socketserver.UDPServer):
    """A UDP server that keeps one counter per client address."""

    max_packet_size = 512  # commands are short; a longer datagram is cut to this size

    def __init__(self, server_address, RequestHandlerClass=None, bind_and_activate=True):
        # client address -> counter. A real service would also forget clients that
        # have been silent for long, or this dict grows with every new address.
        self.counters = {}
        super().__init__(server_address, RequestHandlerClass or CounterHandler,
                         bind_and_activate)


class CounterHandler(socketserver.BaseRequestHandler):
    """Answer one command datagram with one reply datagram."""

    def handle(self):
        # BEGIN SOLUTION
        # TODO: for a datagram server, self.request is the pair (data, socket).
        # Compute the reply with self.answer(data) and send it back as ONE datagram
        # to self.client_address with the socket's sendto(). (send() would fail: the
        # server's socket is not connected to any one client.)
        data, server_socket = self.request
        data = server_socket.recv(512)  # as if it were TCP
        server_socket.sendto(self.answer(data), self.client_address)
        # END SOLUTION

    def answer(self, data):
        """The reply to one command datagram: bytes in, bytes out; bad input gets b"ERROR ..."."""
        # BEGIN SOLUTION
        # TODO: decode data as ASCII (a UnicodeDecodeError means a bad datagram) and
        # split() it into words. Keep the counters in self.server.counters, keyed by
        # self.client_address: a handler object lives for one datagram only, so a
        # counter stored on self would be gone by the next one. Return the new value
        # as ASCII digits, or b"ERROR <reason>" and leave the counter as it was.
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
            try:
                value += int(words[1])
            except ValueError:
                return b"ERROR ADD needs a whole number"
        else:
            return b"ERROR unknown command: use GET, ADD <n> or RESET"
        self.server.counters[self.client_address] = value
        return str(value).encode("ascii")
        # END SOLUTION
