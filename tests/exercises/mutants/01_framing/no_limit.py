# A wrong answer to 01_framing that students write: no limit.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 01_framing: length-prefixed messages over a byte stream.

TCP carries a stream of bytes with no edges between messages, and recv() returns
whatever has arrived. One way to mark where a message ends is to send its length
first. Write both sides of this framing:

    one message on the wire = its length (4 bytes, big-endian) + the payload

- send_message(sock, payload): send the 4-byte length, then the payload. Use
  sock.sendall(): sock.send() may send only part of what you give it.
- recv_all(sock, size): call sock.recv() as often as needed to collect size bytes.
  Return fewer only if the peer closes first (recv() returned b"").
- recv_message(sock, max_size): receive one message and return its payload.
  * At a clean end (the peer closed before sending any byte of a new message),
    return None.
  * If the peer closes in the middle of a message (in its length or its payload),
    raise ConnectionError.
  * If the length announces more than max_size bytes, raise ValueError before
    reading the payload: a peer must not make us wait for (or store) 4 GB.

Check it: socketserver-edu check 01_framing
(or: pytest tests/exercises/test_01_framing.py --target=exercises)
"""

HEADER_SIZE = 4  # bytes of the length prefix
MAX_MESSAGE = 1024 * 1024  # the largest payload recv_message accepts by default


def send_message(sock, payload):
    """Send payload as one message: its length in 4 big-endian bytes, then the payload."""
    # BEGIN SOLUTION
    # TODO: turn len(payload) into 4 bytes, big-endian (int.to_bytes or the struct
    # module), and send them followed by the payload with sock.sendall().
    sock.sendall(len(payload).to_bytes(HEADER_SIZE, "big") + payload)
    # END SOLUTION


def recv_all(sock, size):
    """Return size bytes from sock; fewer only if the peer closed first."""
    # BEGIN SOLUTION
    # TODO: loop: recv() at most the bytes still missing and keep what it returns;
    # stop when you have size bytes, or when recv() returns b"" (the peer closed).
    chunks = []
    missing = size
    while missing > 0:
        chunk = sock.recv(missing)  # blocking
        if not chunk:
            break  # the peer closed: the caller decides what a short read means
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)
    # END SOLUTION


def recv_message(sock, max_size=MAX_MESSAGE):
    """Receive one message; None at a clean end; ConnectionError if the peer closes mid-message."""
    # BEGIN SOLUTION
    # TODO: read HEADER_SIZE bytes with recv_all. None of them: return None. Some but
    # not all: raise ConnectionError. Turn them into the length (int.from_bytes,
    # big-endian); over max_size: raise ValueError. Then read the payload with
    # recv_all; if it comes back short, raise ConnectionError. Return the payload.
    header = recv_all(sock, HEADER_SIZE)
    if not header:
        return None
    if len(header) < HEADER_SIZE:
        raise ConnectionError(f"the peer closed after {len(header)} of the "
                              f"{HEADER_SIZE} bytes of a length")
    size = int.from_bytes(header, "big")
    if False:
        raise ValueError(f"a message of {size} bytes is over the limit of {max_size}")
    payload = recv_all(sock, size)
    if len(payload) < size:
        raise ConnectionError(f"the peer closed after {len(payload)} of {size} bytes")
    return payload
    # END SOLUTION
