"""04_retry_client: numbered questions over UDP, retries with backoff, stray answers ignored.

The server here is a plain UDP socket in the test process: the test reads each datagram
the student's client sends, and decides what to answer (or to answer nothing, or late).
"""

import socket
import time

import pytest

from tests.exercises.conftest import ANSWER_WITHIN

EXERCISE = "04_retry_client"


@pytest.fixture
def server():
    """A UDP socket on 127.0.0.1 that plays the server, by hand."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(ANSWER_WITHIN)
        yield sock


def client(subject, server, tries=3, first_timeout=0.2):
    if not subject.rig.has(subject.exercise, "RetryingClient"):
        pytest.fail("there is no class RetryingClient in your file yet: the spec at its top "
                    "says what to write", pytrace=False)
    return subject.exercise.RetryingClient(server.getsockname(), tries=tries,
                                           first_timeout=first_timeout)


def receive(server, what):
    """The next datagram the client sends, and its address; fail in words if none comes."""
    try:
        return server.recvfrom(65535)  # blocking, at most ANSWER_WITHIN
    except TimeoutError:
        pass  # failed below, outside the except: the message stands alone
    pytest.fail(f"the server got no datagram within {ANSWER_WITHIN} s: expected {what}",
                pytrace=False)


def nothing_more(server):
    """The datagram the client sent that it should not have, or None."""
    server.setblocking(False)
    try:
        return server.recvfrom(65535)[0]
    except BlockingIOError:
        return None
    finally:
        server.settimeout(ANSWER_WITHIN)


def test_a_question_goes_out_numbered_and_the_answer_comes_back_without_the_number(subject, server):
    with client(subject, server) as asker:
        asking = subject.start(asker.ask, b"hello")
        question, address = receive(server, "the first question, b'1 hello'")
        assert question == b"1 hello", (
            f"the first question must be sent as b'1 hello' (its number, a space, the "
            f"question), not {question!r}")
        server.sendto(b"1 HELLO", address)
        answer = asking.result()
        assert answer == b"HELLO", (
            f"ask() must return the answer without its number: b'HELLO', not {answer!r}")


def test_each_new_question_gets_the_next_number_and_all_come_from_one_address(subject, server):
    with client(subject, server) as asker:
        addresses = set()
        for number, word in enumerate([b"one", b"two", b"three"], start=1):
            asking = subject.start(asker.ask, word)
            expected = b"%d %s" % (number, word)
            question, address = receive(server, f"question {number}, {expected!r}")
            assert question == expected, (
                f"question {number} should be sent as {expected!r}, not {question!r}: number "
                f"the questions 1, 2, 3, one more for each new question")
            addresses.add(address)
            server.sendto(b"%d %s" % (number, word.upper()), address)
            assert asking.result() == word.upper()
        assert len(addresses) == 1, (
            "the questions came from different client addresses: use one socket for the "
            "client's whole life, so the server can tell it is the same client")


def test_a_lost_question_is_sent_again_with_the_same_number_from_the_same_address(subject, server):
    with client(subject, server, first_timeout=0.1) as asker:
        asking = subject.start(asker.ask, b"ping")
        first, first_address = receive(server, "the question b'1 ping'")
        # We "lose" it: no answer. The client must time out and send it again.
        again, again_address = receive(server, "the same question again, after the timeout "
                                       "(a retry)")
        assert again == first, (
            f"the retry must be the same datagram as the first try ({first!r}), with the same "
            f"number, so the server can tell it is a repeat; it was {again!r}")
        assert again_address == first_address, (
            "the retry came from another client address: keep one socket for all the tries")
        server.sendto(b"1 PONG", again_address)
        assert asking.result() == b"PONG"


def test_it_backs_off_and_gives_up_with_timeout_error_after_the_last_try(subject, server):
    first_timeout, tries = 0.1, 3
    with client(subject, server, tries=tries, first_timeout=first_timeout) as asker:
        asking = subject.start(asker.ask, b"anybody?")
        receive(server, "the question b'1 anybody?'")
        started = time.monotonic()
        for attempt in range(2, tries + 1):
            receive(server, f"try {attempt} of {tries} (nobody answers)")
        try:
            asking.result(within=ANSWER_WITHIN + 1)
        except TimeoutError:
            gave_up_after = time.monotonic() - started
        else:
            pytest.fail("ask() returned although nobody answered: after the last try it must "
                        "raise TimeoutError", pytrace=False)
        extra = nothing_more(server)
        assert extra is None, (
            f"with tries={tries} the client sent a try too many ({extra!r}): send exactly "
            f"{tries} times, then raise TimeoutError")
        expected = first_timeout * (1 + 2 + 4)  # 0.1 s, then 0.2 s, then 0.4 s
        assert gave_up_after >= 0.8 * expected, (
            f"the client gave up too soon after its first try: with backoff (each try waits "
            f"twice as long as the one before: 0.1 s, 0.2 s, 0.4 s) it waits about "
            f"{expected:.1f} s in all before it raises TimeoutError")


def test_a_late_answer_a_second_copy_and_a_datagram_without_a_number_are_ignored(subject, server):
    with client(subject, server, first_timeout=0.3) as asker:
        asking = subject.start(asker.ask, b"ping")
        receive(server, "the question b'1 ping'")
        _again, address = receive(server, "the question again, after the timeout (a retry)")
        # The first answer comes late, after the retry; then the answer to the retry.
        server.sendto(b"1 PING", address)
        server.sendto(b"1 PING", address)
        assert asking.result() == b"PING"
        asking = subject.start(asker.ask, b"pong")
        question, address = receive(server, "question 2, b'2 pong'")
        assert question == b"2 pong", f"question 2 should be sent as b'2 pong', not {question!r}"
        server.sendto(b"junk", address)
        server.sendto(b"2 PONG", address)
        try:
            answer = asking.result()
        except (ValueError, IndexError, TypeError) as error:
            pytest.fail(f"ask() raised {type(error).__name__} when a datagram without a number "
                        f"(b'junk') arrived: skip such a datagram and keep waiting", pytrace=False)
        assert answer == b"PONG", (
            f"the second question got {answer!r}: the second copy of answer 1 and the "
            f"datagram b'junk' were still waiting in the client's socket. Only an answer with "
            f"the current question's number counts; skip every other datagram")
        extra = nothing_more(server)
        assert extra is None, (
            f"the client sent {extra!r} again although its answer came in time: a stray "
            f"datagram is not a lost answer, so keep waiting instead of sending again")


def test_stray_datagrams_do_not_stretch_a_try(subject, server):
    first_timeout, every = 0.2, 0.04  # a stray about five times per try
    latest = 4 * first_timeout  # the retry must have come by then, at the latest
    with client(subject, server, tries=2, first_timeout=first_timeout) as asker:
        asking = subject.start(asker.ask, b"one")
        _question, address = receive(server, "question 1, b'1 one'")
        server.sendto(b"1 ONE", address)
        assert asking.result() == b"ONE"
        asking = subject.start(asker.ask, b"two")
        first, address = receive(server, "question 2, b'2 two'")
        # Nobody answers question 2. Instead the old answer to question 1 keeps coming,
        # every few hundredths of a second, until the client sends its retry.
        started = time.monotonic()
        server.settimeout(every)
        again = None
        while again is None and time.monotonic() - started < latest:
            server.sendto(b"1 ONE", address)
            try:
                again, _address = server.recvfrom(65535)  # blocking, at most `every` seconds
            except TimeoutError:
                pass
        waited = time.monotonic() - started
        server.settimeout(ANSWER_WITHIN)
        assert again is not None, (
            f"with first_timeout={first_timeout} the first try of question 2 must end after "
            f"{first_timeout} s, but the client was still waiting after {latest:.1f} s while a "
            f"stray datagram arrived every {every} s: each stray must not restart the wait. A "
            f"try waits at most its own timeout in all, counted from its send")
        assert again == first, (
            f"after its first try the client should send question 2 again ({first!r}), not "
            f"{again!r}")
        assert waited >= first_timeout / 2, (
            f"the client sent question 2 again long before its timeout of {first_timeout} s, "
            f"as soon as stray datagrams came: a stray datagram is not a lost answer, so keep waiting instead "
            f"of sending again")
        server.sendto(b"2 TWO", address)
        assert asking.result() == b"TWO", "the answer to the retry of question 2 was b'2 TWO'"
