"""A pytest plugin for the course commands: every test's outcome as a line of JSON.

The checker and the grader load it into their pytest subprocess with
``-p course_tools.outcomes --outcomes-file=FILE``. A line is written as soon as
each test ends, so a run that is killed half-way still tells what it got through.
Lines look like::

    {"event": "collected", "tests": ["tests/exercises/test_02_pipeline.py::test_x", ...]}
    {"event": "start", "test": "..."}
    {"event": "result", "test": "...", "outcome": "failed", "message": "...", ...}
"""

import json
import re
import traceback
from pathlib import Path

import pytest

# What pytest-timeout's failure says; the number is the timeout in seconds.
TIMEOUT_MESSAGE = re.compile(r"Timeout \(>([\d.]+)s\) from pytest-timeout")
# Why a test was skipped by --stop-after-timeout.
AFTER_A_HANG = "not run: an earlier test of this exercise hung"


def pytest_addoption(parser):
    group = parser.getgroup("socketserver-edu")
    group.addoption("--outcomes-file", metavar="FILE",
                    help="write each test's outcome to FILE, one JSON object per line")
    group.addoption("--test-timeout", type=float, metavar="SECONDS",
                    help="a test running longer than this has hung (overrides the tests' own)")
    group.addoption("--stop-after-timeout", action="store_true",
                    help="once a test of a file has hung, skip the rest of that file")


def pytest_configure(config):
    if config.getoption("--outcomes-file"):
        config.pluginmanager.register(Recorder(config), "course-tools-outcomes")


def file_of(nodeid):
    """The file part of a node id: 'tests/exercises/test_02_pipeline.py'."""
    return nodeid.split("::", 1)[0]


def crash_message(report):
    """What the failure said: the exception's message without the traceback around it."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return text[:2000]


def place_in(folder, excinfo):
    """(function, line) of the innermost frame in a file of folder, or (None, None)."""
    if folder is None or excinfo is None:
        return None, None
    for frame in reversed(traceback.extract_tb(excinfo.tb)):
        if Path(frame.filename).parent == folder:
            return frame.name, frame.lineno
    return None, None


class Recorder:
    """Writes the outcome lines; one instance per pytest run."""

    def __init__(self, config):
        self.file = open(config.getoption("--outcomes-file"), "a", encoding="utf-8")
        self.test_timeout = config.getoption("--test-timeout")
        self.stop_after_timeout = config.getoption("--stop-after-timeout")
        target = config.getoption("--target", default=None)
        self.target = Path(target).resolve() if target and Path(target).is_absolute() else None
        self.failures = {}  # node id -> the first failing report of that test
        self.timed_out_files = set()

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
        if self.stop_after_timeout and file_of(item.nodeid) in self.timed_out_files:
            pytest.skip(AFTER_A_HANG)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        report.student_place = place_in(self.target, call.excinfo) if report.failed else (None, None)
        return report

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
                   message=message, timeout=float(timeout[1]) if timeout else None,
                   function=function, line=line)
