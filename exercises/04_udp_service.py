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

# TODO: write class CounterServer (a UDPServer that CounterServer(server_address)
# makes ready to serve) and the handler it uses, so that a client sees exactly the
# protocol in the docstring above: one reply datagram per datagram, ERROR replies
# that leave the counter alone, one counter per client address, and no command
# longer than LONGEST obeyed, even in part.
