"""Exercise 01_framing (design): a tiny message protocol over a TCP byte stream.

TCP carries bytes with no borders between messages, and recv() returns whatever has
arrived. Design and write the two functions of a length-prefixed protocol. On the wire,
each message is:

    its length: HEADER_SIZE (4) bytes, an unsigned number, big-endian (network order)
    then the payload: exactly that many bytes (0 is allowed: an empty message)

send_message(sock, payload)
    Puts one message on the wire: a peer that reads the stream finds the header, then
    the payload, and nothing in between. Every byte must leave, however large the
    payload (several MB included). Returns nothing.

recv_message(sock, max_size=MAX_MESSAGE)
    Reads exactly one message from sock and returns its payload (bytes), leaving the
    bytes of the next message unread. It must work however recv() cuts the stream: one
    byte per recv() call, a header split in two, several messages in one recv().
    - The peer closed before the first byte of a new message (a clean end): return None.
    - The peer closed in the middle of a message (inside its header or its payload):
      raise ConnectionError.
    - The header announces more than max_size bytes: raise ValueError, before waiting
      for any byte of the payload. max_size itself is allowed.

The tests give recv_message a socket that offers only recv(size) and sendall(data),
and send_message a real socket. You may add helper functions of your own.

Check it: socketserver-edu check 01_framing
(or: pytest tests/exercises/test_01_framing.py --target=exercises)
"""

HEADER_SIZE = 4  # bytes of the length prefix
MAX_MESSAGE = 1024 * 1024  # the largest payload recv_message accepts by default

# TODO: write send_message(sock, payload) and recv_message(sock, max_size=MAX_MESSAGE),
# the two sides of the protocol in the docstring at the top of this file.
