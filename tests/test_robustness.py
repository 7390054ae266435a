"""Bad input gets a clear error, and the server keeps serving the next client."""

import io
import queue
import random
import socket
import struct
import sys
import threading

import pytest

import socketserver_edu
from socketserver_edu.lines import LineTooLong, read_line
from tests.support import ANY_PORT, PATIENCE, connect, exchange, running


# --- helpers ---------------------------------------------------------------------------

def recording(server_class):
    """server_class whose handle_error() queues the exception type instead of printing it."""
    class Recording(server_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.errors = queue.Queue()

        def handle_error(self, request, client_address):
            self.errors.put(sys.exc_info()[0])

    return Recording


def recorded_errors(server):
    """The exception types handle_error() has queued and no one has taken yet."""
    errors = []
    while not server.errors.empty():
        errors.append(server.errors.get_nowait())
    return errors


def echo_line_handler(base):
    """A handler on base that echoes one line, and raises on the line b"boom\\n"."""
    class EchoLine(base):
        def handle(self):
            line = self.rfile.readline()
            if line == b"boom\n":
                raise ValueError("the handler failed")
            self.wfile.write(line)

    return EchoLine


def ask(server, data):
    """Send data as one request (a connection or a datagram) and return the reply."""
    if server.socket_type == socket.SOCK_STREAM:
        return exchange(server, data)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
        client.settimeout(PATIENCE)
        client.sendto(data, server.server_address)
        return client.recv(65536)  # blocking


def reset(client):
    """Close the connection with a RST instead of a FIN: the server sees ECONNRESET."""
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()


# --- a failing handler -----------------------------------------------------------------

@pytest.mark.parametrize("server_name", ["TCPServer", "ThreadingTCPServer", "UDPServer"])
def test_handler_error_goes_to_handle_error_and_the_next_client_is_served(ss, server_name):
    server_class = recording(getattr(ss, server_name))
    if server_name == "UDPServer":
        handler = echo_line_handler(ss.DatagramRequestHandler)
    else:
        handler = echo_line_handler(ss.StreamRequestHandler)
    with running(server_class(ANY_PORT, handler)) as server:
        # TCP: the connection closes with nothing sent. UDP: finish() still sends wfile, empty.
        assert ask(server, b"boom\n") == b""
        assert server.errors.get(timeout=PATIENCE) is ValueError
        assert ask(server, b"hello\n") == b"hello\n"
    assert recorded_errors(server) == []


# --- clients that leave abruptly -------------------------------------------------------

def test_client_reset_mid_request_is_reported_and_the_next_client_is_served(ss):
    reading = threading.Event()

    class Handler(ss.StreamRequestHandler):
        def handle(self):
            reading.set()
            self.wfile.write(self.rfile.readline())

    with running(recording(ss.TCPServer)(ANY_PORT, Handler)) as server:
        with connect(server) as client:
            client.sendall(b"half a req")
            assert reading.wait(PATIENCE)
            reset(client)
        # A synchronous server: this reply proves the first handler has ended.
        assert exchange(server, b"hello\n") == b"hello\n"
    # Linux reports the reset; a system that shows it as EOF ends the handler quietly.
    assert set(recorded_errors(server)) <= {ConnectionResetError}


@pytest.mark.parametrize("leave", [socket.socket.close, reset], ids=["close", "reset"])
def test_client_gone_before_the_server_reads_and_the_next_client_is_served(ss, leave):
    handler = echo_line_handler(ss.StreamRequestHandler)
    with recording(ss.TCPServer)(ANY_PORT, handler) as server:
        # The server is not serving yet: the connection waits in the listen backlog.
        leave(connect(server))
        with running(server):
            assert exchange(server, b"hello\n") == b"hello\n"
    assert set(recorded_errors(server)) <= {ConnectionResetError}


# --- garbage and oversized input -------------------------------------------------------

def test_garbage_bytes_get_an_error_line_and_the_server_keeps_serving(ss):
    class Utf8Lines(ss.StreamRequestHandler):
        """Answer each line: OK and the text, or ERR when it is not UTF-8."""
        def handle(self):
            for line in self.rfile:
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError as error:
                    self.wfile.write(f"ERR not UTF-8: {error.reason}\n".encode())
                else:
                    self.wfile.write(f"OK {text}".encode())

    noise = random.Random(2024).randbytes(300).replace(b"\n", b"")
    garbage = b"\x00\xff" + noise + b"\n"  # 0xff is never valid in UTF-8
    with running(ss.TCPServer(ANY_PORT, Utf8Lines)) as server:
        first, second = exchange(server, garbage + b"hello\n").splitlines()
        assert first.startswith(b"ERR not UTF-8")
        assert second == b"OK hello"  # the same connection goes on
        assert exchange(server, b"hi\n") == b"OK hi\n"


def test_udp_datagram_longer_than_max_packet_size_is_cut(ss):
    class Length(ss.BaseRequestHandler):
        def handle(self):
            data, sock = self.request
            sock.sendto(b"%d" % len(data), self.client_address)

    size = ss.UDPServer.max_packet_size
    with running(ss.UDPServer(ANY_PORT, Length)) as server:
        assert ask(server, b"x" * (size + 1000)) == b"%d" % size
        assert ask(server, b"hi") == b"2"


# --- lines.read_line against a real client ---------------------------------------------

LIMIT = 1024


class RecordingReader:
    """Wraps a file and records the length of each readline() result: what the handler held."""

    def __init__(self, file):
        self.file = file
        self.lengths = []

    def readline(self, size=-1):
        line = self.file.readline(size)
        self.lengths.append(len(line))
        return line


class LimitedLines(socketserver_edu.StreamRequestHandler):
    """Answer each line with OK and its length; an over-long line with ERR, then hang up."""

    def handle(self):
        reader = RecordingReader(self.rfile)
        try:
            while line := read_line(reader, LIMIT):
                self.wfile.write(b"OK %d\n" % len(line))
        except LineTooLong as error:
            self.wfile.write(f"ERR {error}\n".encode())
        finally:
            self.server.lengths_seen.extend(reader.lengths)


def limited_lines_server():
    server = socketserver_edu.TCPServer(ANY_PORT, LimitedLines)
    server.lengths_seen = []
    return server


def test_line_at_the_limit_is_served_and_eof_ends_the_handler():
    with running(limited_lines_server()) as server:
        line = b"x" * (LIMIT - 1) + b"\n"
        assert exchange(server, line + b"hi\n") == b"OK %d\nOK 3\n" % LIMIT
    assert server.lengths_seen == [LIMIT, 3, 0]  # 0: EOF, read_line returned b""


def test_over_long_line_gets_an_error_naming_the_limit_and_the_server_keeps_serving():
    endless = b"x" * 1_000_000  # no newline

    def send_endless(client):
        try:
            client.sendall(endless)  # blocking
        except OSError:
            pass  # expected: the server hangs up long before the end

    with running(limited_lines_server()) as server:
        with connect(server) as client, client.makefile("rb") as replies:
            sender = threading.Thread(target=send_endless, args=(client,))
            sender.start()
            reply = replies.readline()  # blocking, up to PATIENCE
            sender.join(PATIENCE)
        assert reply.startswith(b"ERR ")
        assert str(LIMIT).encode() in reply
        # A synchronous server: this reply also proves the first handler has ended.
        assert exchange(server, b"hi\n") == b"OK 3\n"
    assert max(server.lengths_seen) <= LIMIT + 1  # not the megabyte


# --- lines.read_line on an in-memory file ----------------------------------------------

def test_read_line_accepts_a_line_of_exactly_max_length():
    data = io.BytesIO(b"abc\nde")
    assert read_line(data, 4) == b"abc\n"
    assert read_line(data, 4) == b"de"


def test_read_line_rejects_a_line_of_max_length_plus_one():
    with pytest.raises(LineTooLong, match=r"\b4 bytes"):
        read_line(io.BytesIO(b"abcd\n"), 4)


def test_read_line_rejects_a_long_line_without_newline():
    with pytest.raises(LineTooLong):
        read_line(io.BytesIO(b"x" * 100), 4)


def test_read_line_returns_a_last_line_without_newline_as_is():
    assert read_line(io.BytesIO(b"abcd"), 4) == b"abcd"


def test_read_line_returns_empty_bytes_at_eof():
    assert read_line(io.BytesIO(b""), 4) == b""


def test_read_line_default_limit_is_64_kib():
    fits = b"x" * (64 * 1024 - 1) + b"\n"
    assert read_line(io.BytesIO(fits)) == fits
    with pytest.raises(LineTooLong):
        read_line(io.BytesIO(b"x" + fits))


def test_line_too_long_is_a_value_error():
    assert issubclass(LineTooLong, ValueError)


@pytest.mark.parametrize("max_length", [0, -1])
def test_read_line_refuses_a_limit_that_is_no_limit(max_length):
    with pytest.raises(ValueError, match="at least 1"):
        read_line(io.BytesIO(b"x" * 10), max_length)
