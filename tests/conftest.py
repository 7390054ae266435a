"""Fixtures for every test: the module under test, and a check that nothing leaks."""

import gc
import os
import shutil
import signal
import socketserver
import sys
import tempfile
import threading
import warnings

import pytest

import socketserver_edu
from tests.support import PATIENCE, child_processes, open_sockets


def pytest_addoption(parser):
    parser.addoption(
        "--target", default="solutions", metavar="FOLDER",
        help="where the exercise tests find the code to check: 'solutions' (default), "
             "'exercises' (the student's files), or the path of a folder of exercise files")


def pytest_sessionstart(session):
    # Move everything imported so far out of the collector's sight: the leak check's
    # gc.collect() after each test then scans only what that test made (10x faster).
    gc.collect()
    gc.freeze()


@pytest.fixture(params=[socketserver, socketserver_edu], ids=["stdlib", "edu"])
def ss(request):
    """The socketserver module under test: the stdlib's or ours. Same tests, same results."""
    return request.param


@pytest.fixture
def unix_address():
    """A path for a Unix socket in a fresh short folder (paths are limited to ~100 bytes).

    Fails the test if the socket file is still there afterwards.
    """
    folder = tempfile.mkdtemp(prefix="sse-")
    path = os.path.join(folder, "server.sock")
    yield path
    left = os.path.exists(path)
    shutil.rmtree(folder)
    assert not left, "the Unix socket file was left behind"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_already = report.failed  # read by nothing_leaks
    return report


@pytest.fixture(autouse=True)
def nothing_leaks(request):
    """After each test: no new thread, socket or child process may remain.

    After a test that failed already, leaks are cleaned up without a second
    report: a stub that raises half-way leaves things open, and the first
    failure is the one worth reading.
    """
    threads_before = set(threading.enumerate())
    sockets_before = open_sockets()
    children_before = child_processes()
    yield
    # Give threads that are finishing a bounded moment to end, then judge.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(PATIENCE)
    failed_already = getattr(request.node, "failed_already", False)
    with warnings.catch_warnings():
        if failed_already:
            # pytest keeps the failure's traceback (sys.last_traceback), whose frames hold
            # what the test left open: drop it, so that is collected now, quietly, and not
            # during a later test, where it would look like that test's leak.
            sys.last_type = sys.last_value = sys.last_traceback = None
            warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()  # an unclosed socket object raises ResourceWarning here
    leaked_threads = [t.name for t in set(threading.enumerate()) - threads_before]
    leaked_sockets = open_sockets() - sockets_before
    leaked_children = child_processes() - children_before
    for pid in leaked_children:  # clean up so one leak does not fail the next test too
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    if failed_already:
        return
    assert not leaked_threads, f"threads left running: {leaked_threads}"
    assert not leaked_sockets, f"sockets left open: {len(leaked_sockets)}"
    assert not leaked_children, f"child processes left behind: {sorted(leaked_children)}"
