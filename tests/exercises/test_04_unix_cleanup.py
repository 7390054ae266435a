"""04_unix_cleanup: remove a stale socket file before binding, never anything else; remove our own on close."""

import os
import socket

import pytest

import socketserver_edu
from tests.exercises.conftest import ANSWER_WITHIN
from tests.support import running

EXERCISE = "04_unix_cleanup"


class EchoLine(socketserver_edu.StreamRequestHandler):
    """The handler of the servers this process runs itself (the student's use the rig's)."""

    def handle(self):
        self.wfile.write(self.rfile.readline())


@pytest.fixture
def unix_address(request, subject):
    """A path for the Unix socket in the subject's own folder: the same path there and here.

    Fails the test if the socket file is still there afterwards.
    """
    path = str(subject.work / "server.sock")
    yield path
    if not getattr(request.node, "failed_already", False):  # else that failure says it
        assert not os.path.lexists(path), "the Unix socket file was left behind"


def ask(path, line, server=None):
    """Send one line to the Unix stream server at path and read the reply.

    With server given, have it handle one request (in its own process, for the
    student's server); otherwise it must be serving already.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(ANSWER_WITHIN)
        client.connect(path)
        client.sendall(line)
        if server is not None:
            server.handle_request()
        with client.makefile("rb") as reader:
            return reader.readline()


def leave_stale_socket(subject, path):
    """Leave a socket file at path that nobody listens on, as a crashed earlier run would."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as old:
        old.bind(path)  # closing does not remove the file
    subject.hand_over(path)  # as root, the sandbox's user is not root: give it its file


def start_is_refused(subject, path, error_class, what):
    """Starting the student's server at path must raise error_class; fail in words if it does not."""
    try:
        server = subject.exercise.CleanUnixStreamServer(path, subject.rig.EchoLine)
    except error_class:
        return
    except OSError as error:
        pytest.fail(f"with {what} at the path, starting the server should raise "
                    f"{error_class.__name__}, not {type(error).__name__} "
                    f"({error.strerror or error})", pytrace=False)
    server.server_close()
    pytest.fail(f"with {what} at the path, the server started: it should have raised "
                f"{error_class.__name__} and deleted nothing", pytrace=False)


def close_without_error(server, which):
    try:
        server.server_close()
    except OSError as error:
        pytest.fail(f"{which} server_close() raised {type(error).__name__} "
                    f"({error.strerror or error}). "
                    "Closing must be safe when the socket file is gone already", pytrace=False)


def identity(path):
    info = os.lstat(path)
    return info.st_dev, info.st_ino


def remove_if_there(path):
    if os.path.lexists(path):
        os.remove(path)


def test_the_server_works_and_server_close_removes_its_file(subject, unix_address):
    with subject.exercise.CleanUnixStreamServer(unix_address, subject.rig.EchoLine) as server:
        assert ask(unix_address, b"hello\n", server) == b"hello\n"
        assert os.path.exists(unix_address)
    assert not os.path.exists(unix_address), "server_close() should remove the socket file"


def test_a_stale_socket_file_is_removed_and_the_server_works(subject, unix_address):
    leave_stale_socket(subject, unix_address)
    try:
        with subject.exercise.CleanUnixStreamServer(unix_address, subject.rig.EchoLine) as server:
            assert ask(unix_address, b"after a crash\n", server) == b"after a crash\n"
        assert not os.path.exists(unix_address), "server_close() should remove the socket file"
    finally:
        remove_if_there(unix_address)  # the stale file, when the server failed to start


def test_a_regular_file_at_the_path_is_kept_and_an_error_is_raised(subject, unix_address):
    with open(unix_address, "wb") as precious:
        precious.write(b"somebody's data")
    subject.hand_over(unix_address)
    try:
        start_is_refused(subject, unix_address, FileExistsError, "a regular file")
        assert os.path.exists(unix_address), (
            "a regular file at the path was deleted: only a socket file may be removed "
            "(check remove_stale_socket, and that server_close removes only the file bind() made)")
        with open(unix_address, "rb") as precious:
            assert precious.read() == b"somebody's data"
    finally:
        remove_if_there(unix_address)


def test_a_symbolic_link_to_a_stale_socket_is_kept_and_an_error_is_raised(subject, unix_address):
    target = str(subject.work / "elsewhere.sock")
    leave_stale_socket(subject, target)
    os.symlink(target, unix_address)
    subject.hand_over(unix_address)
    try:
        start_is_refused(subject, unix_address, FileExistsError,
                         "a symbolic link (to a stale socket file)")
        assert os.path.islink(unix_address) and os.path.exists(target), (
            "a symbolic link at the path (to a stale socket file) was removed, or its target "
            "was: a link is not a socket file, so nothing may be deleted. Look at the path "
            "itself, without following the link")
    finally:
        remove_if_there(unix_address)
        remove_if_there(target)


def test_the_socket_of_a_running_server_is_kept_and_an_error_is_raised(subject, unix_address):
    # The live server is ours, in this process: what happens to its file we see ourselves.
    live = socketserver_edu.UnixStreamServer(unix_address, EchoLine)
    try:
        subject.hand_over(unix_address)
        before = identity(unix_address)
        with running(live):
            start_is_refused(subject, unix_address, OSError,
                             "the socket file of a server that is still listening")
            assert os.path.exists(unix_address) and identity(unix_address) == before, (
                "the socket file of a server that is still listening was removed: "
                "connect() to it first, and remove it only when the connection is refused")
            assert ask(unix_address, b"still mine?\n") == b"still mine?\n"
    finally:
        remove_if_there(unix_address)


def test_closing_twice_is_safe(subject, unix_address):
    server = subject.exercise.CleanUnixStreamServer(unix_address, subject.rig.EchoLine)
    close_without_error(server, "the first")
    close_without_error(server, "the second")
    assert not os.path.exists(unix_address), "server_close() should remove the socket file"


def test_server_close_is_fine_when_the_file_is_gone_already(subject, unix_address):
    server = subject.exercise.CleanUnixStreamServer(unix_address, subject.rig.EchoLine)
    os.remove(unix_address)  # someone tidied up before us
    close_without_error(server, "the")
    assert not os.path.exists(unix_address)


def test_server_close_keeps_a_file_that_is_no_longer_its_own(subject, unix_address):
    server = subject.exercise.CleanUnixStreamServer(unix_address, subject.rig.EchoLine)
    try:
        # Someone removed our file and started another server (ours, here) at the same path.
        os.remove(unix_address)
        with socketserver_edu.UnixStreamServer(unix_address, EchoLine) as newcomer:
            subject.hand_over(unix_address)
            server.server_close()
            assert os.path.exists(unix_address), (
                "server_close() removed another server's socket file: compare (st_dev, st_ino) "
                "with the ones saved in server_bind before removing")
            assert ask(unix_address, b"newcomer\n", newcomer) == b"newcomer\n"
    finally:
        if subject.usable():  # else the sandbox's end closes it, and the first failure shows
            server.server_close()
        remove_if_there(unix_address)
