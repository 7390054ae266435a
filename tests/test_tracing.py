"""The lifecycle tracer: real servers, real sockets, and the hooks they record."""

import io
import os
import socket

import pytest

import socketserver_edu
from socketserver_edu.tracing import Event, Tracer, TracingMixIn
from tests.support import (
    ANY_PORT,
    LOCALHOST,
    PATIENCE,
    connect,
    exchange,
    open_descriptors,
    read_all,
    running,
)

# What one request goes through on a TCP server, from accept to close, outermost first.
PIPELINE = ["get_request", "verify_request", "process_request", "finish_request",
            "setup", "handle", "finish", "shutdown_request", "close_request"]


class Echo(socketserver_edu.StreamRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.read())


class TracedTCPServer(TracingMixIn, socketserver_edu.TCPServer): pass
class TracedThreadingTCPServer(TracingMixIn, socketserver_edu.ThreadingTCPServer): pass
class TracedForkingTCPServer(TracingMixIn, socketserver_edu.ForkingTCPServer): pass
class TracedUDPServer(TracingMixIn, socketserver_edu.UDPServer): pass


def open_pipes():
    """The descriptors of this process that are pipes."""
    return open_descriptors("pipe")


def serve_two_clients(server_class, handler=Echo):
    """Serve two echo clients one after the other; return the closed server."""
    with running(server_class(ANY_PORT, handler)) as server:
        assert exchange(server, b"one") == b"one"
        assert exchange(server, b"two") == b"two"
    return server


def hang_up_on(server):
    """Connect and read until the server closes, sending nothing.

    (Data the server never reads would turn its close into a reset.)
    """
    with connect(server) as client:
        return read_all(client)


def hooks_in_lane(tracer, lane, client):
    return [hook for where, who, hook in tracer.rows() if where == lane and who == client]


def test_synchronous_server_records_the_whole_pipeline_in_one_lane():
    server = serve_two_clients(TracedTCPServer)
    tracer = server.tracer
    assert tracer.for_client("client 1") == PIPELINE
    assert tracer.for_client("client 2") == PIPELINE
    assert tracer.rows() == ([("server", "client 1", hook) for hook in PIPELINE]
                             + [("server", "client 2", hook) for hook in PIPELINE])
    assert {event.thread for event in tracer.events} == {"serve_forever"}
    assert {event.pid for event in tracer.events} == {os.getpid()}


def test_the_mixin_works_on_the_stdlib_server_too():
    import socketserver

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            self.wfile.write(self.rfile.read())

    class Traced(TracingMixIn, socketserver.TCPServer): pass

    tracer = serve_two_clients(Traced, Handler).tracer
    assert tracer.for_client("client 1") == PIPELINE
    assert tracer.for_client("client 2") == PIPELINE


def test_event_times_nest_and_clients_are_real_addresses():
    server = serve_two_clients(TracedTCPServer)
    by_hook = {event.hook: event for event in server.tracer.events}  # client 2's, the later
    process, finish, handle = (by_hook[h] for h in ("process_request", "finish_request", "handle"))
    assert process.start <= finish.start <= handle.start <= handle.end <= finish.end <= process.end
    assert by_hook["get_request"].client[0] == LOCALHOST
    assert all(isinstance(event, Event) for event in server.tracer.events)


def test_table_indents_nested_calls():
    server = serve_two_clients(TracedTCPServer)
    lines = server.tracer.table().splitlines()
    assert len(lines) == 2 * len(PIPELINE)
    assert lines[:4] == ["server  client 1  get_request",
                         "server  client 1  verify_request",
                         "server  client 1  process_request",
                         "server  client 1    finish_request"]
    assert lines[5] == "server  client 1      handle"
    assert lines[7:9] == ["server  client 1    shutdown_request",
                          "server  client 1      close_request"]


def test_a_raising_handler_records_handle_error_and_still_finishes(capsys):
    class Broken(socketserver_edu.StreamRequestHandler):
        def handle(self):
            raise ValueError("broken on purpose")

    with running(TracedTCPServer(ANY_PORT, Broken)) as server:
        assert hang_up_on(server) == b""
    assert server.tracer.for_client("client 1") == [
        "get_request", "verify_request", "process_request", "finish_request",
        "setup", "handle", "finish", "handle_error", "shutdown_request", "close_request"]
    assert "ValueError: broken on purpose" in capsys.readouterr().err


def test_handle_request_with_a_timeout_records_handle_timeout():
    with TracedTCPServer(ANY_PORT, Echo) as server:
        server.timeout = 0.01
        server.handle_request()
    assert server.tracer.rows() == [("server", None, "handle_timeout")]


def test_a_refused_request_is_closed_without_being_processed():
    class Picky(socketserver_edu.TCPServer):
        def verify_request(self, request, client_address):
            return False

    # TracingMixIn first, so it wraps Picky's verify_request (a subclass of a traced
    # server would override the recording instead).
    class TracedPicky(TracingMixIn, Picky): pass

    with running(TracedPicky(ANY_PORT, Echo)) as server:
        assert hang_up_on(server) == b""
    assert server.tracer.for_client("client 1") == [
        "get_request", "verify_request", "shutdown_request", "close_request"]


def test_threading_server_runs_the_handler_in_another_lane():
    tracer = serve_two_clients(TracedThreadingTCPServer).tracer
    for number in (1, 2):
        client = f"client {number}"
        assert tracer.for_client(client) == PIPELINE
        assert hooks_in_lane(tracer, "server", client) == PIPELINE[:3]
        assert hooks_in_lane(tracer, f"thread {number}", client) == PIPELINE[3:]
    threads = {event.thread for event in tracer.events if event.hook == "handle"}
    assert len(threads) == 2 and "serve_forever" not in threads


@pytest.mark.forking
def test_forking_server_brings_the_childrens_events_home():
    tracer = serve_two_clients(TracedForkingTCPServer).tracer
    for number in (1, 2):
        client = f"client {number}"
        # The parent hands the connection to the child and closes its own copy.
        assert hooks_in_lane(tracer, "server", client) == PIPELINE[:3] + ["close_request"]
        assert hooks_in_lane(tracer, f"child {number}", client) == PIPELINE[3:]
    parent = os.getpid()
    child_pids = {event.pid for event in tracer.events if event.hook in ("setup", "handle")}
    assert len(child_pids) == 2 and parent not in child_pids
    assert {event.pid for event in tracer.events if event.hook == "get_request"} == {parent}


def test_udp_server_names_a_client_by_its_address():
    class DatagramEcho(socketserver_edu.DatagramRequestHandler):
        def handle(self):
            self.wfile.write(self.rfile.read())

    with running(TracedUDPServer(ANY_PORT, DatagramEcho)) as server:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.settimeout(PATIENCE)
            for data in (b"ping", b"pong"):
                client.sendto(data, server.server_address)
                assert client.recv(100) == data
    # Both datagrams came from one socket, so one client.
    assert server.tracer.for_client("client 1") == PIPELINE * 2
    assert server.tracer.for_client("client 2") == []


def test_unix_clients_without_an_address_are_still_told_apart(unix_address):
    class TracedUnixStreamServer(TracingMixIn, socketserver_edu.UnixStreamServer):
        pass

    try:
        with running(TracedUnixStreamServer(unix_address, Echo)) as server:
            for data in (b"one", b"two"):
                with socket.socket(socket.AF_UNIX) as client:  # never bound: its address is ''
                    client.settimeout(PATIENCE)
                    client.connect(unix_address)
                    client.sendall(data)
                    client.shutdown(socket.SHUT_WR)
                    assert read_all(client) == data
    finally:
        os.remove(unix_address)
    tracer = server.tracer
    assert tracer.for_client("client 1") == PIPELINE
    assert tracer.for_client("client 2") == PIPELINE
    assert {event.client for event in tracer.events} == {("unnamed", 1), ("unnamed", 2)}


def test_mermaid_is_the_same_on_every_run():
    first = serve_two_clients(TracedTCPServer)
    second = serve_two_clients(TracedTCPServer)
    text = first.tracer.mermaid()
    assert text == second.tracer.mermaid()
    assert first.tracer.table() == second.tracer.table()
    assert text.startswith("sequenceDiagram\n")
    for server in (first, second):
        port = str(server.server_address[1])
        assert port not in text and port not in server.tracer.table()
    assert str(os.getpid()) not in text
    lines = text.splitlines()
    assert lines[1:5] == ["    participant client 1", "    participant client 2",
                          "    participant server", "    participant handler"]
    assert lines[5:8] == ["    client 1->>server: get_request",
                          "    server->>server: verify_request",
                          "    server->>server: process_request"]
    assert "    server->>handler: handle" in lines
    assert len(lines) == 5 + 2 * len(PIPELINE)


def test_mermaid_shows_the_hand_over_to_a_thread():
    tracer = serve_two_clients(TracedThreadingTCPServer).tracer
    lines = tracer.mermaid().splitlines()
    assert "    server->>thread 1: finish_request" in lines
    assert "    thread 1->>handler: handle" in lines
    assert "    thread 2->>thread 2: close_request" in lines


def test_timeline_draws_one_lane_per_thread():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    tracer = serve_two_clients(TracedThreadingTCPServer).tracer
    figure = tracer.timeline(title="two clients, two threads")
    assert isinstance(figure, Figure)
    (ax,) = figure.axes
    lanes = [label.get_text() for label in ax.get_yticklabels()]
    assert lanes == ["server", "thread 1", "thread 2"]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["client 1", "client 2"]
    assert len(ax.patches) == len(tracer.events)  # a bar per hook call
    figure.savefig(io.BytesIO(), format="png")  # it really draws

    # Into axes of your own: the figure returned is yours to close.
    mine, my_ax = plt.subplots()
    try:
        assert tracer.timeline(ax=my_ax) is mine
    finally:
        plt.close(mine)


def test_the_users_handler_class_is_left_alone():
    before = dict(vars(Echo))
    server = serve_two_clients(TracedTCPServer)
    assert dict(vars(Echo)) == before
    assert server.RequestHandlerClass is not Echo
    assert issubclass(server.RequestHandlerClass, Echo)


def test_server_close_closes_the_pipe_and_the_events_stay():
    pipes_before = open_pipes()
    server = TracedTCPServer(ANY_PORT, Echo)
    assert open_pipes() - pipes_before  # the tracer's pipe
    with running(server):
        exchange(server, b"hello")
    assert open_pipes() == pipes_before
    assert server.tracer.for_client("client 1") == PIPELINE
    server.server_close()  # twice is harmless


def test_a_server_that_fails_to_bind_leaks_no_pipe():
    pipes_before = open_pipes()
    with TracedTCPServer(ANY_PORT, Echo) as taken:
        with pytest.raises(OSError):
            TracedTCPServer(taken.server_address, Echo)
    assert open_pipes() == pipes_before


def test_clear_forgets_the_events():
    tracer = Tracer()
    try:
        tracer.call("handle", ("10.0.0.1", 1), lambda: None)
        assert tracer.rows() == [("server", "client 1", "handle")]
        tracer.clear()
        assert tracer.events == []
    finally:
        tracer.close()
