"""01_framing: send_message and recv_message frame messages with a 4-byte length, whatever recv() returns."""

import contextlib
import socket
import threading

import pytest

from tests.exercises.conftest import ANSWER_WITHIN
from tests.exercises.helpers import WatchedSocket

EXERCISE = "01_framing"


def read_all(sock):
    """Everything sock receives until the peer closes."""
    chunks = []
    while chunk := sock.recv(65536):  # blocking, at most ANSWER_WITHIN
        chunks.append(chunk)
    return b"".join(chunks)


def frame(payload):
    """One message as it travels: 4 bytes of length, big-endian, then the payload."""
    return len(payload).to_bytes(4, "big") + payload


@contextlib.contextmanager
def connected_pair():
    """Two ends of one TCP connection on 127.0.0.1: (sender, receiver), each with a timeout."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        with socket.create_connection(listener.getsockname(), timeout=ANSWER_WITHIN) as sender:
            receiver, _address = listener.accept()
            with receiver:
                receiver.settimeout(ANSWER_WITHIN)  # a reader that waits for too much fails
                yield sender, receiver


@contextlib.contextmanager
def in_thread(work, finished_flag=None):
    """Run work() in a thread for the block; yield a list that then holds its result."""
    outcome = []

    def run():
        try:
            outcome.append(work())
        except Exception as error:  # reported to the student below
            outcome.append(error)
        finally:
            if finished_flag is not None:
                with finished_flag.changed:
                    finished_flag.finished = True
                    finished_flag.changed.notify_all()

    # daemon: a student's endless loop must not keep the test run alive.
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


def receive(exercise, sock, **options):
    """recv_message on a watched sock, with a timeout turned into a message for the student."""
    if not isinstance(sock, WatchedSocket):
        sock = WatchedSocket(sock)
    try:
        return exercise.recv_message(sock, **options)
    except TimeoutError:
        pytest.fail(f"recv_message waited over {ANSWER_WITHIN} s for bytes that were never sent: "
                    f"does it ask for more than the message holds?", pytrace=False)


# --- send_message --------------------------------------------------------------------------

def test_send_message_puts_a_4_byte_big_endian_length_before_the_payload(exercise):
    with connected_pair() as (sender, receiver):
        exercise.send_message(sender, b"hello")
        exercise.send_message(sender, b"")
        exercise.send_message(sender, b"x" * 300)
        sender.shutdown(socket.SHUT_WR)
        wire = read_all(receiver)
    assert wire[:9] == b"\x00\x00\x00\x05hello", "b'hello' should go out as b'\\x00\\x00\\x00\\x05hello'"
    assert wire[9:13] == b"\x00\x00\x00\x00", "an empty payload is a length of 0 and nothing else"
    assert wire[13:17] == b"\x00\x00\x01\x2c", "300 is 0x012c: 4 bytes, the most significant first"
    assert wire == frame(b"hello") + frame(b"") + frame(b"x" * 300)


def test_send_message_delivers_a_large_payload_whole(exercise):
    payload = bytes(range(256)) * 16384  # 4 MB: more than one send() can take
    with connected_pair() as (sender, receiver):
        with in_thread(lambda: read_all(receiver)) as received:
            try:
                exercise.send_message(sender, payload)
            finally:
                sender.shutdown(socket.SHUT_WR)
    assert len(received[0]) == len(payload) + 4, \
        "bytes went missing: send() may send only part of what it is given; sendall() sends all"
    assert received[0] == frame(payload)


# --- recv_message --------------------------------------------------------------------------

def test_recv_message_returns_back_to_back_messages_one_at_a_time(exercise):
    with connected_pair() as (sender, receiver):
        sender.sendall(frame(b"first") + frame(b"second one") + frame(b"3"))
        sender.shutdown(socket.SHUT_WR)
        got = [receive(exercise, receiver) for _ in range(3)]
    assert got == [b"first", b"second one", b"3"], \
        "read exactly one message's bytes: the next message starts right after it"


def test_recv_message_loops_when_each_recv_returns_one_byte(exercise):
    with connected_pair() as (sender, receiver):
        sender.sendall(frame(b"one byte per recv") + frame(b"again"))
        watched = WatchedSocket(receiver, most_per_recv=1)
        first = receive(exercise, watched)
        second = receive(exercise, watched)
    assert (first, second) == (b"one byte per recv", b"again"), \
        "recv() returned 1 byte each time: keep calling it until the length, then the payload, is whole"


def test_recv_message_collects_a_message_sent_in_pieces(exercise):
    wire = frame(b"split across several sends")
    pieces = [wire[:2], wire[2:6], wire[6:9], wire[9:]]  # cut inside the length and the payload
    with connected_pair() as (sender, receiver):
        watched = WatchedSocket(receiver)
        with in_thread(lambda: exercise.recv_message(watched), watched) as received:
            sent = 0
            for piece in pieces:
                sender.sendall(piece)
                sent += len(piece)
                watched.wait_until_read(sent)  # so the next piece comes in a recv() of its own
    assert received == [b"split across several sends"]


def test_recv_message_collects_a_large_message(exercise):
    payload = bytes(range(256)) * 8192  # 2 MB: it arrives over many recv() calls
    with connected_pair() as (sender, receiver):
        with in_thread(lambda: sender.sendall(frame(payload))):
            got = receive(exercise, receiver, max_size=len(payload))
    assert got is not None and len(got) == len(payload), "the payload came back incomplete"
    assert got == payload


def test_recv_message_returns_none_at_a_clean_end(exercise):
    with connected_pair() as (sender, receiver):
        sender.sendall(frame(b"last"))
        sender.shutdown(socket.SHUT_WR)
        watched = WatchedSocket(receiver)
        assert receive(exercise, watched) == b"last"
        assert receive(exercise, watched) is None, \
            "the peer closed between messages: recv_message should return None"


def test_an_empty_message_is_not_the_end(exercise):
    with connected_pair() as (sender, receiver):
        sender.sendall(frame(b""))
        sender.shutdown(socket.SHUT_WR)
        empty = receive(exercise, receiver)
        end = receive(exercise, receiver)
    assert empty == b"", "a length of 0 is a message with an empty payload: return b''"
    assert end is None, "then the peer closed: return None"


def test_recv_message_raises_connection_error_when_the_peer_closes_inside_the_length(exercise):
    with connected_pair() as (sender, receiver):
        sender.sendall(b"\x00\x00")  # half of a length
        sender.shutdown(socket.SHUT_WR)
        with pytest.raises(ConnectionError, match="."):
            receive(exercise, receiver)


def test_recv_message_raises_connection_error_when_the_peer_closes_inside_the_payload(exercise):
    with connected_pair() as (sender, receiver):
        sender.sendall(frame(b"0123456789")[:8])  # the length says 10; 4 bytes come
        sender.shutdown(socket.SHUT_WR)
        with pytest.raises(ConnectionError, match="."):
            receive(exercise, receiver)


def test_a_length_over_max_size_is_refused_before_reading_the_payload(exercise):
    with connected_pair() as (sender, receiver):
        sender.sendall((100_000).to_bytes(4, "big"))  # 100 kB announced, none sent
        with pytest.raises(ValueError):
            receive(exercise, receiver, max_size=1024)


def test_a_message_of_exactly_max_size_is_accepted(exercise):
    with connected_pair() as (sender, receiver):
        sender.sendall(frame(b"m" * 1024))
        assert receive(exercise, receiver, max_size=1024) == b"m" * 1024


def test_messages_round_trip_through_send_message_and_recv_message(exercise):
    payloads = [b"hello", b"", b"line one\nline two\n", bytes(range(256)), b"\x00\x00\x00\x05"]
    with connected_pair() as (sender, receiver):
        for payload in payloads:
            exercise.send_message(sender, payload)
        sender.shutdown(socket.SHUT_WR)
        got = [receive(exercise, receiver) for _ in payloads]
        assert receive(exercise, receiver) is None
    assert got == payloads
