"""01_framing: send_message and recv_message frame messages with a 4-byte length, whatever recv() returns."""

import contextlib
import socket
import threading

import pytest

from course_tools.harness import RemoteExit, Stuck
from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "01_framing"
# How long the rig's waits last (a recv() on the student's side, the wait for bytes to be
# read): longer than our own limits (ANSWER_WITHIN), so when both would give up, ours does
# first and the same code gets the same message every run.
PATIENCE = 4.0
PATTERN = bytes(range(256))  # the large payloads repeat it (the rig builds the same bytes)
PIECE = 256 * 1024  # bytes of a kept payload brought here per message (a message holds 1 MB)


def read_all(sock):
    """Everything sock receives until the peer closes."""
    chunks = []
    while chunk := sock.recv(65536):  # blocking, at most ANSWER_WITHIN
        chunks.append(chunk)
    return b"".join(chunks)


def frame(payload):
    """One message as it travels: 4 bytes of length, big-endian, then the payload."""
    return len(payload).to_bytes(4, "big") + payload


def sent_as(payload, sent, about=None):
    """The message for a payload whose bytes on the wire are wrong: what was due, what went out."""
    due = frame(payload)[:len(sent) if about else None]
    name = repr(payload) if len(payload) <= 16 else f"a payload of {len(payload)} bytes"
    message = f"{about or name}: it should go out as {due!r}, but your send_message sent {sent!r}"
    if sent[:4] == len(payload).to_bytes(4, "little") != due[:4]:
        message += ". The length prefix must be big-endian: its most significant byte first"
    return message


@contextlib.contextmanager
def connected(subject, most_per_recv=None, send_buffer=None):
    """One TCP connection on 127.0.0.1: (a Watch on the subject's end, our end), with timeouts.

    The student's functions get the subject's end: watch.connection (a plain socket) for
    send_message, the watched socket (watch.run) for recv_message. Ours has a timeout of
    ANSWER_WITHIN; theirs one of PATIENCE, so a reader that waits for too much fails.
    send_buffer sets the size of the subject's send buffer (SO_SNDBUF).
    """
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(ANSWER_WITHIN)
        with subject.rig.Watch(listener.getsockname(), most_per_recv, PATIENCE,
                               send_buffer) as watch:
            ours, _address = listener.accept()
            with ours:
                ours.settimeout(ANSWER_WITHIN)
                yield watch, ours


@contextlib.contextmanager
def in_thread(work):
    """Run work() in a thread here for the block; yield a list that then holds its result."""
    outcome = []

    def run():
        try:
            outcome.append(work())
        except Exception as error:  # reported to the student below
            outcome.append(error)

    thread = threading.Thread(target=run, name="framing-peer", daemon=True)
    thread.start()
    try:
        yield outcome
    finally:
        thread.join(ANSWER_WITHIN)  # blocking
    if thread.is_alive():
        pytest.fail(f"the other side did not finish within {ANSWER_WITHIN} s", pytrace=False)
    if outcome and isinstance(outcome[0], Exception):
        error = outcome[0]
        pytest.fail(f"{type(error).__name__}: {error}", pytrace=False)


def waits_too_long(place=None):
    """The message for a recv_message that waits for bytes that will never come."""
    where = f": your code is stuck in {place[0]}, line {place[1]}" if place else ""
    return (f"recv_message did not return within {ANSWER_WITHIN} s{where}. It waits for bytes "
            "that were never sent: does it ask for more than the message holds?")


def receive(subject, watch, expecting=(), **options):
    """recv_message on the watched socket, in the subject; a hang or a wrong exception is a message.

    An exception of a type in expecting is raised here, for pytest.raises to judge.
    """
    try:
        return subject.call_within(ANSWER_WITHIN, watch.run, subject.exercise.recv_message,
                                   **options)
    except Stuck as stuck:
        problem = waits_too_long(stuck.place)
    except RemoteExit as exit:
        problem = f"recv_message ended the program: SystemExit: {exit.code}"
    except Exception as error:
        if expecting and isinstance(error, expecting):
            raise
        data, place = getattr(error, "remote", None), getattr(error, "place", None)
        if data is None:  # not the student's: a failure of the test's own
            raise
        where = f" (in {place[0]}, line {place[1]} of your file)" if place else ""
        problem = (f"recv_message raised {data.type}: {data.message}{where}. Each call should "
                   "read exactly one message: its 4-byte length, then that many bytes")
    pytest.fail(problem, pytrace=False)


def returned(subject, started, watch=None):
    """What recv_message, started in the subject, returned; a hang or an exception fails the test.

    With watch, it may take longer as long as it keeps reading: a byte per recv() is slow
    (seconds for 2 MB) but right. (How much it read is its own word: it only buys time.)
    """
    read = None
    while not started.join(ANSWER_WITHIN):
        read, before = (watch.watched.bytes_read if watch else None), read
        if read is None or read == before:
            pytest.fail(waits_too_long(subject.stuck_at(started.thread)), pytrace=False)
    try:
        return started.result(0)
    except TimeoutError as error:  # its recv() gave up first (after PATIENCE)
        problem = waits_too_long(getattr(error, "place", None))
    except RemoteExit as exit:
        problem = f"SystemExit: {exit.code}"
    except Exception as error:  # the student's exception, rebuilt here as a built-in one
        data, place = getattr(error, "remote", None), getattr(error, "place", None)
        where = f" (in {place[0]}, line {place[1]} of your file)" if place else ""
        problem = f"{data or f'{type(error).__name__}: {error}'}{where}"
    pytest.fail(problem, pytrace=False)


def send_while_read(sock, data):
    """Send data for as long as the other side keeps reading it; stop once it has stalled."""
    rest = memoryview(data)
    # A reader that stops early, or stalls, leaves the rest unsent: the checks say what it got.
    with contextlib.suppress(OSError):
        while rest:
            rest = rest[sock.send(rest):]  # blocking, at most ANSWER_WITHIN without progress


def fetch(kept):
    """The bytes a rig.Kept holds, brought here PIECE bytes at a time."""
    size = kept.size()
    return b"".join(kept.piece(start, PIECE) for start in range(0, size, PIECE))


# --- send_message --------------------------------------------------------------------------

def test_send_message_puts_a_4_byte_big_endian_length_before_the_payload(subject):
    with connected(subject) as (watch, receiver):
        sender = watch.connection
        subject.exercise.send_message(sender, b"hello")
        subject.exercise.send_message(sender, b"")
        subject.exercise.send_message(sender, b"x" * 300)
        sender.shutdown(socket.SHUT_WR)
        wire = read_all(receiver)
    assert wire[:9] == frame(b"hello"), sent_as(b"hello", wire[:9])
    assert wire[9:13] == b"\x00\x00\x00\x00", "an empty payload is a length of 0 and nothing else"
    assert wire[13:17] == b"\x00\x00\x01\x2c", sent_as(b"x" * 300, wire[13:17], "300 is 0x012c")
    assert wire == frame(b"hello") + frame(b"") + frame(b"x" * 300)


def test_send_message_delivers_a_large_payload_whole(subject):
    repeats = 16384
    payload = PATTERN * repeats  # 4 MB: more than one send() can take
    # 64 kB: a send() in place of sendall() then surely sends only part of it.
    with connected(subject, send_buffer=64 * 1024) as (watch, receiver):
        sender = watch.connection
        with in_thread(lambda: read_all(receiver)) as received:
            try:
                # Made in the subject: 4 MB is more than one message of the channel holds.
                subject.rig.send_pattern(subject.exercise.send_message, sender, repeats)
            finally:
                if subject.usable():
                    sender.shutdown(socket.SHUT_WR)
    assert len(received[0]) == len(payload) + 4, \
        "bytes went missing: send() may send only part of what it is given; sendall() sends all"
    assert received[0] == frame(payload)


# --- recv_message --------------------------------------------------------------------------

def test_recv_message_returns_back_to_back_messages_one_at_a_time(subject):
    with connected(subject) as (watch, sender):
        sender.sendall(frame(b"first") + frame(b"second one") + frame(b"3"))
        sender.shutdown(socket.SHUT_WR)
        got = [receive(subject, watch) for _ in range(3)]
    assert got == [b"first", b"second one", b"3"], \
        "read exactly one message's bytes: the next message starts right after it"


def test_recv_message_loops_when_each_recv_returns_one_byte(subject):
    with connected(subject, most_per_recv=1) as (watch, sender):
        sender.sendall(frame(b"one byte per recv") + frame(b"again"))
        first = receive(subject, watch)
        second = receive(subject, watch)
    assert (first, second) == (b"one byte per recv", b"again"), \
        "recv() returned 1 byte each time: keep calling it until the length, then the payload, is whole"


def test_recv_message_collects_a_message_sent_in_pieces(subject):
    wire = frame(b"split across several sends")
    pieces = [wire[:2], wire[2:6], wire[6:9], wire[9:]]  # cut inside the length and the payload
    with connected(subject) as (watch, sender):
        receiving = subject.start(watch.run, subject.exercise.recv_message, thread="recv_message")
        sent = 0
        for piece in pieces:
            sender.sendall(piece)
            sent += len(piece)
            # so the next piece comes in a recv() of its own
            subject.call_within(PATIENCE + 1, watch.wait_until_read, sent, PATIENCE)
        received = [returned(subject, receiving)]
    assert received == [b"split across several sends"]


def test_recv_message_collects_a_large_message(subject):
    payload = PATTERN * 8192  # 2 MB: it arrives over many recv() calls
    with connected(subject) as (watch, sender):
        # What it returns stays in the subject (2 MB is more than one message of the channel
        # holds) and comes here in pieces.
        receiving = subject.start(subject.rig.receive_kept, watch, subject.exercise.recv_message,
                                  max_size=len(payload), thread="recv_message")
        send_while_read(sender, frame(payload))
        kept = returned(subject, receiving, watch=watch)
        size = kept.size()
        assert size is not None and size == len(payload), "the payload came back incomplete"
        got = fetch(kept)
    assert got == payload


def test_recv_message_returns_none_at_a_clean_end(subject):
    with connected(subject) as (watch, sender):
        sender.sendall(frame(b"last"))
        sender.shutdown(socket.SHUT_WR)
        assert receive(subject, watch) == b"last"
        assert receive(subject, watch) is None, \
            "the peer closed between messages: recv_message should return None"


def test_an_empty_message_is_not_the_end(subject):
    with connected(subject) as (watch, sender):
        sender.sendall(frame(b""))
        sender.shutdown(socket.SHUT_WR)
        empty = receive(subject, watch)
        end = receive(subject, watch)
    assert empty == b"", "a length of 0 is a message with an empty payload: return b''"
    assert end is None, "then the peer closed: return None"


def test_recv_message_raises_connection_error_when_the_peer_closes_inside_the_length(subject):
    with connected(subject) as (watch, sender):
        sender.sendall(b"\x00\x00")  # half of a length
        sender.shutdown(socket.SHUT_WR)
        with pytest.raises(ConnectionError, match="."):
            receive(subject, watch, expecting=ConnectionError)


def test_recv_message_raises_connection_error_when_the_peer_closes_inside_the_payload(subject):
    with connected(subject) as (watch, sender):
        sender.sendall(frame(b"0123456789")[:8])  # the length says 10; 4 bytes come
        sender.shutdown(socket.SHUT_WR)
        with pytest.raises(ConnectionError, match="."):
            receive(subject, watch, expecting=ConnectionError)


def test_a_length_over_max_size_is_refused_before_reading_the_payload(subject):
    with connected(subject) as (watch, sender):
        sender.sendall((100_000).to_bytes(4, "big"))  # 100 kB announced, none sent
        with pytest.raises(ValueError):
            receive(subject, watch, expecting=ValueError, max_size=1024)


def test_a_message_of_exactly_max_size_is_accepted(subject):
    with connected(subject) as (watch, sender):
        sender.sendall(frame(b"m" * 1024))
        assert receive(subject, watch, max_size=1024) == b"m" * 1024


def test_messages_round_trip_through_send_message_and_recv_message(subject):
    payloads = [b"hello", b"", b"line one\nline two\n", bytes(range(256)), b"\x00\x00\x00\x05"]
    with connected(subject) as (watch, mirror):
        sender = watch.connection
        for payload in payloads:
            subject.exercise.send_message(sender, payload)
        sender.shutdown(socket.SHUT_WR)
        # We are a mirror: what send_message wrote goes back, byte for byte, to recv_message.
        mirror.sendall(read_all(mirror))
        mirror.shutdown(socket.SHUT_WR)
        got = [receive(subject, watch) for _ in payloads]
        assert receive(subject, watch) is None
    assert got == payloads
