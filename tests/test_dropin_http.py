"""The stdlib's http.server, rebuilt on socketserver_edu, serves files to urllib."""

import concurrent.futures
import functools
import http.server
import socketserver
import sys
import threading
import urllib.error
import urllib.request

import pytest

import socketserver_edu
from tests.stdlib_on_edu import edu_http_server
from tests.support import ANY_PORT, PATIENCE, running

# A proxy named in the environment must not stand between the test and 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

STDLIB_CLASSES = {value for value in vars(socketserver).values() if isinstance(value, type)}


def quiet(handler_class):
    """The handler class without its one log line per request on stderr."""
    class Quiet(handler_class):
        def log_message(self, format, *args):
            pass
    return Quiet


def file_server(server_class, folder, handler_class=None):
    """A server_class on port 0 serving the files in folder."""
    handler_class = handler_class or quiet(edu_http_server().SimpleHTTPRequestHandler)
    return server_class(ANY_PORT, functools.partial(handler_class, directory=str(folder)))


def get(server, path):
    """GET path from server: (status, body)."""
    host, port = server.server_address
    with OPENER.open(f"http://{host}:{port}{path}", timeout=PATIENCE) as response:  # blocking
        return response.status, response.read()


def test_the_copy_is_built_on_socketserver_edu_only():
    module = edu_http_server()
    for cls, ours in [(module.HTTPServer, socketserver_edu.TCPServer),
                      (module.ThreadingHTTPServer, socketserver_edu.ThreadingMixIn),
                      (module.BaseHTTPRequestHandler, socketserver_edu.StreamRequestHandler)]:
        assert ours in cls.__mro__
        assert not STDLIB_CLASSES & set(cls.__mro__)


def test_the_real_http_server_is_untouched():
    assert sys.modules["socketserver"] is socketserver
    assert sys.modules["http.server"] is http.server
    assert socketserver.TCPServer in http.server.HTTPServer.__mro__
    assert "edu_http_server" not in sys.modules


@pytest.mark.parametrize("server_name", ["HTTPServer", "ThreadingHTTPServer"])
def test_serves_a_file_and_404s_a_missing_one(server_name, tmp_path):
    (tmp_path / "hello.txt").write_bytes(b"hello, drop-in\n")
    server_class = getattr(edu_http_server(), server_name)
    with running(file_server(server_class, tmp_path)) as server:
        assert get(server, "/hello.txt") == (200, b"hello, drop-in\n")
        with pytest.raises(urllib.error.HTTPError) as caught:
            get(server, "/missing.txt")
        caught.value.close()  # the error carries the response; close it like one
        assert caught.value.code == 404


def test_threading_server_answers_concurrent_requests(tmp_path):
    clients = 4
    (tmp_path / "page.html").write_bytes(b"<p>same page</p>")
    # Each request waits here for all the others: only overlapping handlers get through.
    all_in = threading.Barrier(clients, timeout=PATIENCE)

    class Meeting(quiet(edu_http_server().SimpleHTTPRequestHandler)):
        def do_GET(self):
            all_in.wait()  # blocking
            super().do_GET()

    server_class = edu_http_server().ThreadingHTTPServer
    with running(file_server(server_class, tmp_path, Meeting)) as server:
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            answers = list(pool.map(lambda _: get(server, "/page.html"), range(clients)))
    assert answers == [(200, b"<p>same page</p>")] * clients
