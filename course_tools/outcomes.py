"""A pytest plugin for the course commands: every test's outcome as a line of JSON.

The checker and the grader load it into their pytest process with
``-p course_tools.outcomes --outcomes-fd=N`` (the write end of a pipe). A line is written
as soon as each test ends, so the report can show it at once, and a run that is killed
half-way still tells what it got through. Where in the student's file a failure happened
comes from the exercise tests' conftest (``report.student_place``): the student's code
runs in another process, so this process's tracebacks never show it.
Lines look like::

    {"event": "collected", "tests": ["tests/exercises/test_02_pipeline.py::test_x", ...]}
    {"event": "start", "test": "..."}
    {"event": "result", "test": "...", "outcome": "failed", "message": "...", ...}
"""

import json
import re
import time

import pytest

from course_tools.runner import AFTER_A_HANG, OUT_OF_TIME

# A hang, as pytest-timeout and the harness (course_tools.harness.Stuck, LoadFailed) say it;
# the number is the time limit in seconds.
TIMEOUT_MESSAGE = re.compile(r"Timeout \(>([\d.]+)s\) from pytest-timeout"
                             r"|did not (?:return|finish loading) within ([\d.]+) s")


def pytest_addoption(parser):
    group = parser.getgroup("socketserver-edu")
    group.addoption("--outcomes-fd", type=int, metavar="N",
                    help="write each test's outcome to file descriptor N, one JSON object per line")
    group.addoption("--test-timeout", type=float, metavar="SECONDS",
                    help="a test running longer than this has hung (overrides the tests' own)")
    group.addoption("--stop-after-timeout", action="store_true",
                    help="once a test of a file has hung, skip the rest of that file")
    group.addoption("--exercise-time-limit", type=float, metavar="SECONDS",
                    help="once a file's tests have run this long, skip the rest of that file")


def pytest_configure(config):
    if config.getoption("--outcomes-fd") is not None:
        config.pluginmanager.register(Recorder(config), "course-tools-outcomes")


def file_of(nodeid):
    """The file part of a node id: 'tests/exercises/test_02_pipeline.py'."""
    return nodeid.split("::", 1)[0]


def crash_message(report):
    """What the failure said: the exception's message without the traceback around it."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return text[:2000]


class Recorder:
    """Writes the outcome lines; one instance per pytest run."""

    def __init__(self, config):
        self.file = open(config.getoption("--outcomes-fd"), "w", encoding="utf-8")
        self.test_timeout = config.getoption("--test-timeout")
        self.stop_after_timeout = config.getoption("--stop-after-timeout")
        self.time_limit = config.getoption("--exercise-time-limit")
        self.failures = {}  # node id -> the first failing report of that test
        self.timed_out_files = set()
        self.file_started = {}  # test file -> when its first test started

    def write(self, **event):
        self.file.write(json.dumps(event) + "\n")
        self.file.flush()  # a killed run keeps every line written so far

    def pytest_unconfigure(self):
        self.file.close()

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        if self.test_timeout:
            for item in items:
                # Put first, so it wins over a timeout marker the tests set themselves.
                item.add_marker(pytest.mark.timeout(self.test_timeout), append=False)

    def pytest_collectreport(self, report):
        if report.failed:
            self.write(event="collect-error", where=report.nodeid, message=crash_message(report))

    def pytest_collection_finish(self, session):
        self.write(event="collected", tests=[item.nodeid for item in session.items])

    def pytest_runtest_logstart(self, nodeid):
        self.write(event="start", test=nodeid)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        file = file_of(item.nodeid)
        started = self.file_started.setdefault(file, time.monotonic())
        if self.stop_after_timeout and file in self.timed_out_files:
            pytest.skip(AFTER_A_HANG)
        if self.time_limit and time.monotonic() - started > self.time_limit:
            pytest.skip(OUT_OF_TIME)

    def pytest_runtest_logreport(self, report):
        if report.failed or report.skipped:  # skipped: a skip mark, pytest.skip(), an xfail
            self.failures.setdefault(report.nodeid, report)  # the first is the one to tell

    def pytest_runtest_logfinish(self, nodeid):
        report = self.failures.pop(nodeid, None)
        if report is None:
            self.write(event="result", test=nodeid, outcome="passed")
            return
        skip_reason = report.skipped and isinstance(report.longrepr, tuple)
        message = str(report.longrepr[2]) if skip_reason else crash_message(report)
        timeout = TIMEOUT_MESSAGE.search(message) if report.failed else None
        if timeout:
            self.timed_out_files.add(file_of(nodeid))
        function, line = getattr(report, "student_place", (None, None))
        self.write(event="result", test=nodeid, outcome=report.outcome, phase=report.when,
                   message=message,
                   timeout=float(timeout[1] or timeout[2]) if timeout else None,
                   function=function, line=line)
