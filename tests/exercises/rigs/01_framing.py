"""The rig of 01_framing: the watched connection, and payloads too large to cross the channel."""

from watched import Watch  # noqa: F401  (the tests make one per connection: subject.rig.Watch)

PATTERN = bytes(range(256))  # the tests' large payloads repeat it; they build the same bytes


def send_pattern(send_message, sock, repeats):
    """send_message(sock, PATTERN * repeats): a payload made here, as it is MBs long."""
    send_message(sock, PATTERN * repeats)


class Kept:
    """What a call returned, kept here: a long payload crosses to the test in pieces."""

    def __init__(self, function, *args, **kwargs):
        self.value = function(*args, **kwargs)

    def size(self):
        """len() of what it returned; None if it returned None."""
        return None if self.value is None else len(self.value)

    def piece(self, start, length):
        return self.value[start:start + length]


def receive_kept(watch, recv_message, **options):
    """recv_message on the watched socket; what it returns stays here, as a Kept."""
    return Kept(watch.run, recv_message, **options)
