"""Receivers for logging's SocketHandler and DatagramHandler, built on socketserver_edu.

Both handlers send a record as a 4-byte big-endian length, then a pickle of the
record's attributes as a plain dict.
"""

import io
import logging
import logging.handlers
import pickle
import struct
import threading

import pytest

import socketserver_edu
from tests.support import ANY_PORT, PATIENCE, running

HEADER = struct.Struct(">L")


class DictOnlyUnpickler(pickle.Unpickler):
    """Unpickle builtin data only.

    Unpickling can run any importable callable, so bytes from a socket must never
    reach a plain pickle.loads(). A record arrives as a dict of str, int, float
    and None, which needs no global at all: refusing every one costs nothing.
    """

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def to_record(payload):
    """A LogRecord rebuilt from one pickled dict."""
    return logging.makeLogRecord(DictOnlyUnpickler(io.BytesIO(payload)).load())


class Inbox:
    """Records received so far; arrived() waits until there are `expected` of them."""

    def __init__(self, expected):
        self.records = []
        self.expected = expected
        self.all_here = threading.Event()
        self.lock = threading.Lock()

    def add(self, record):
        with self.lock:
            self.records.append(record)
            if len(self.records) == self.expected:
                self.all_here.set()

    def arrived(self):
        return self.all_here.wait(PATIENCE)  # blocking


class StreamReceiver(socketserver_edu.StreamRequestHandler):
    """Read length-prefixed records until the sender closes the connection."""

    def handle(self):
        while header := self.rfile.read(HEADER.size):  # blocking
            (length,) = HEADER.unpack(header)
            self.server.inbox.add(to_record(self.rfile.read(length)))  # blocking


class DatagramReceiver(socketserver_edu.DatagramRequestHandler):
    """Each datagram is one length-prefixed record."""

    def handle(self):
        (length,) = HEADER.unpack(self.rfile.read(HEADER.size))
        self.server.inbox.add(to_record(self.rfile.read(length)))
        # wfile stays empty: the sender gets an empty datagram back, which it never reads.


def send_records(logging_handler, name):
    """Log two records through a real Logger named name, then close the handler."""
    logger = logging.getLogger(name)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(logging_handler)
    try:
        logger.info("user %s logged in", "ada")
        logger.warning("disk %d%% full", 93)
    finally:
        logger.removeHandler(logging_handler)
        logging_handler.close()


def check(records, name):
    assert [r.getMessage() for r in records] == ["user ada logged in", "disk 93% full"]
    assert [r.levelno for r in records] == [logging.INFO, logging.WARNING]
    assert [r.levelname for r in records] == ["INFO", "WARNING"]
    assert {r.name for r in records} == {name}
    # The sender formats msg % args before pickling (args may not be picklable).
    assert [r.args for r in records] == [None, None]


def test_socket_handler_records_reach_a_threading_tcp_server():
    server = socketserver_edu.ThreadingTCPServer(ANY_PORT, StreamReceiver)
    server.inbox = Inbox(expected=2)
    with running(server):
        send_records(logging.handlers.SocketHandler(*server.server_address), "dropin.tcp")
        assert server.inbox.arrived()
    check(server.inbox.records, "dropin.tcp")


def test_datagram_handler_records_reach_a_udp_server():
    server = socketserver_edu.UDPServer(ANY_PORT, DatagramReceiver)
    server.inbox = Inbox(expected=2)
    with running(server):
        send_records(logging.handlers.DatagramHandler(*server.server_address), "dropin.udp")
        assert server.inbox.arrived()
    check(server.inbox.records, "dropin.udp")


def test_the_unpickler_refuses_globals():
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        to_record(pickle.dumps({"msg": logging.LogRecord}))
