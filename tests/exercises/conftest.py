"""The exercise tests: each module names its EXERCISE; the `subject` fixture loads that file,
from the folder chosen with --target, into a sandboxed process of its own (course_tools.harness).

The student's code never runs in this process: the tests, their assertions and the record of
results stay here, and reach the student's code over real sockets and a channel of plain data.
"""

import re
import socket
from pathlib import Path

import pytest

from course_tools.exercises import EXERCISES, ROOT, SOLUTIONS
from course_tools.harness import LoadFailed, Stuck, Subject, limits_from_environment
from course_tools.spawner import Spawner

# An exercise test that takes longer than this has hung: the harness's own limits (a client
# waits ANSWER_WITHIN, a call CALL_WITHIN) end it long before; this is the last resort.
EXERCISE_TIMEOUT = 20
# How long a test's client waits for an answer before calling it missing. Shorter than the
# harness's CALL_WITHIN, so the client gives up first, and the message is the same every run.
ANSWER_WITHIN = 2.0
# A failure whose message says it waited this way was a hang: we then say where the code was.
WAITED = re.compile(r"within [\d.]+ ?s|Timeout \(>")


def pytest_collection_modifyitems(config, items):
    absent = absent_solutions(config)
    for item in items:
        if not Path(item.path).is_relative_to(Path(__file__).parent):
            continue
        if not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(EXERCISE_TIMEOUT))
        if absent:
            item.add_marker(pytest.mark.skip(reason=absent))


def absent_solutions(config):
    """Why the default run cannot test anything here, or None: a student bundle has no solutions/."""
    if config.getoption("--target") == "solutions" and not SOLUTIONS.is_dir():
        return ("no solutions/ in this copy of the course (a student bundle): "
                "check your own files with `socketserver-edu check` (or --target=exercises)")
    return None


def target_folder(config):
    """The folder named by --target."""
    target = config.getoption("--target")
    named = {"solutions": SOLUTIONS, "exercises": EXERCISES}
    return named.get(target) or (ROOT / target if not Path(target).is_absolute() else Path(target))


def load_message(path, problem):
    """What the student reads when the file did not load (the checker looks for these words)."""
    if problem.kind == "syntax error":
        return f"{path.name}, line {problem.line}: syntax error: {problem}"
    if problem.kind == "missing":
        return f"{path} does not exist" if not path.exists() else str(problem)
    if problem.kind == "stuck":
        return str(problem)
    line = f" (line {problem.line})" if problem.line else ""
    if problem.kind == "exit":
        return f"{path.name} ended the program while it was loading: {problem}{line}"
    return f"{path.name} failed to import: {problem}{line}"


@pytest.fixture(scope="session")
def spawner():
    """One sandbox per test run (one student's files): it starts a fresh subject for each test."""
    with Spawner(limits_from_environment()) as spawner:
        yield spawner


@pytest.fixture
def subject(request, spawner):
    """The test module's EXERCISE, from the --target folder, loaded in a process of its own.

    After a test that passed, the sandbox must hold no socket the test did not close, and
    the student's code must not have bound an address other than loopback.
    """
    path = target_folder(request.config) / f"{request.module.EXERCISE}.py"
    subject = Subject(path, spawner=spawner)
    try:
        subject.__enter__()
        problem = None
    except LoadFailed as error:
        problem = error
    if problem is not None:
        pytest.fail(load_message(path, problem), pytrace=False)
    request.node.subject = subject
    try:
        yield subject
        if not getattr(request.node, "failed_already", False) and subject.stuck_in is None:
            check_afterwards(subject)
    finally:
        subject.close()


def check_afterwards(subject):
    binds = subject.binds()
    if binds:
        host, port = binds[0]
        pytest.fail(f"it works, but your code bound {host!r} (port {port}): that reaches every "
                    "network this machine is on. Bind 127.0.0.1", pytrace=False)
    left = subject.leftovers()
    if left > 0:
        pytest.fail(f"it works, but your code left {left} socket(s) open afterwards: close "
                    "them (a with block does that)", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure: where the student's code was, and what it printed, go into the report."""
    report = yield
    subject = getattr(item, "subject", None)
    if report.failed and call.excinfo is not None:
        report.student_place = place_of(call.excinfo, subject)
        if subject is not None and report.when == "call":
            stdout, stderr = subject.output()
            for name, text in (("stdout", stdout), ("stderr", stderr)):
                if text.strip():
                    report.sections.append((f"Captured {name} of your code", text))
    return report


def place_of(excinfo, subject):
    """(function, line) in the student's file that the failure is about, or (None, None)."""
    place = getattr(excinfo.value, "place", None)
    hung = isinstance(excinfo.value, (Stuck, TimeoutError, socket.timeout)) or \
        WAITED.search(str(excinfo.value))
    if place is None and hung and subject is not None:
        place = subject.stuck_at()
    return tuple(place) if place else (None, None)
