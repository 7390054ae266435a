"""Run exercises' tests in a trusted pytest process and read back each test's outcome.

The pytest process is ours: it collects the course's own test files and decides every
verdict. The student's code never enters it; each test loads that code in a sandbox of
its own (course_tools.harness). Where the kernel allows, the pytest process itself runs
in a private network namespace, so the tests and the student's servers share a loopback
that reaches nothing else on the machine.

Outcomes arrive through a pipe as each test ends (course_tools.outcomes), so a caller can
show them at once, and a run stopped by its time limit still tells what it got through.
Each exercise has a time budget of its own in the run: once it is spent, the rest of that
exercise's tests are not run, and the next exercise starts, so one hang costs one exercise.
"""

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course_tools.exercises import ROOT
from course_tools.spawner import SANDBOX_SCRIPT, available_isolation
from course_tools.sandbox import Limits

# Only the plugins we need: starting pytest takes 0.2 s instead of 1.5 s with every
# installed plugin (nbval pulls in Jupyter), and the tests' behaviour is unchanged.
PYTEST_FLAGS = ["-o", "addopts=", "-p", "no:cacheprovider", "-p", "pytest_timeout",
                "-p", "course_tools.outcomes", "-q", "--no-header", "-p", "no:randomly"]
OUTPUT_KEPT = 200_000  # characters of pytest's own output kept for a message
# Why a test was skipped by --stop-after-timeout (course_tools.outcomes).
AFTER_A_HANG = "not run: an earlier test of this exercise hung"
# Why a test was skipped by --exercise-time-limit.
OUT_OF_TIME = "not run: the time limit for this exercise ran out first"


@dataclass
class TestOutcome:
    """What happened to one test: passed, failed, skipped, or not run at all."""

    __test__ = False  # a result, not a test class for pytest to collect

    name: str  # the test function's name, with parameters: test_x[udp]
    outcome: str
    message: str = ""
    phase: str = "call"  # setup, call or teardown: where it failed
    timeout: float | None = None  # seconds, when it failed by hanging
    function: str | None = None  # where in the student's file it failed
    line: int | None = None

    @property
    def passed(self):
        return self.outcome == "passed"


@dataclass
class TestRun:
    """One pytest process: the tests it found, and what happened to each, by exercise."""

    __test__ = False

    collected: dict = field(default_factory=dict)  # exercise name -> [test names], in order
    outcomes: dict = field(default_factory=dict)  # exercise name -> {test name: TestOutcome}
    collect_errors: dict = field(default_factory=dict)  # exercise name -> message
    last_started: str | None = None  # the exercise whose test was running at the end
    ended: str = "finished"  # finished, crashed (died by itself) or killed (time limit)
    output: str = ""  # pytest's own output, for a problem nobody expected

    def all_reported(self, name):
        return name in self.collected and set(self.outcomes.get(name, {})) >= set(self.collected[name])


def exercise_of(nodeid):
    """'tests/exercises/test_02_pipeline.py::test_x' -> '02_pipeline'."""
    return Path(nodeid.split("::", 1)[0]).stem.removeprefix("test_")


def function_of(nodeid):
    """'tests/exercises/test_02_pipeline.py::test_x[udp]' -> 'test_x[udp]'."""
    return nodeid.split("::")[-1]


@dataclass
class Isolation:
    """How the student's code is kept apart: the subject's sandbox, and the tests' network."""

    sandbox: str = "namespaces"  # or "none"
    private_network: bool = True
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def best(cls, limits=None, allow_none=True):
        """The strongest isolation this machine allows; "none" only if allow_none."""
        answer = available_isolation()
        if answer == "namespaces":
            return cls("namespaces", True, limits or Limits())
        if not allow_none:
            raise SandboxUnavailable(answer)
        return cls("none", False, limits or Limits())

    @property
    def warning(self):
        if self.sandbox == "namespaces":
            return ""
        return (f"warning: no sandbox here ({available_isolation()}): the student's code runs "
                "with your rights, can read and change your files and use the network")


class SandboxUnavailable(Exception):
    """The machine cannot build the sandbox, and the caller asked for one."""


def pytest_command(test_files, folder, outcomes_fd, isolation, *, test_timeout=None,
                   exercise_time_limit=None, stop_after_timeout=False, collect_only=False):
    """The command line that runs test_files against the exercise files in folder."""
    command = [sys.executable, "-m", "pytest", *map(str, test_files),
               f"--target={Path(folder).resolve()}", f"--outcomes-fd={outcomes_fd}",
               *PYTEST_FLAGS]
    if test_timeout:
        command.append(f"--test-timeout={test_timeout}")
    if exercise_time_limit:
        command.append(f"--exercise-time-limit={exercise_time_limit}")
    if stop_after_timeout:
        command.append("--stop-after-timeout")
    if collect_only:
        command.append("--collect-only")
    if isolation.private_network and not collect_only:
        command = [sys.executable, "-I", "-S", str(SANDBOX_SCRIPT), "--private-network", *command]
    return command


def run_tests(exercises, folder, *, time_limit, exercise_time_limit=None, isolation=None,
              test_timeout=None, stop_after_timeout=False, collect_only=False, on_result=None):
    """Run the exercises' tests against folder's files in one pytest process; a TestRun.

    on_result(exercise name, TestOutcome) is called as each test ends.
    """
    isolation = isolation or Isolation.best()
    reading, writing = os.pipe()
    command = pytest_command([e.test_file for e in exercises], folder, writing, isolation,
                             test_timeout=test_timeout, exercise_time_limit=exercise_time_limit,
                             stop_after_timeout=stop_after_timeout, collect_only=collect_only)
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1",
               SOCKETSERVER_EDU_SANDBOX=isolation.sandbox,
               SOCKETSERVER_EDU_LIMITS=json.dumps(asdict(isolation.limits)))
    run = TestRun()
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as output:
        # A session of its own: Ctrl-C in a terminal reaches us, and we take it down.
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                   stdout=output, stderr=subprocess.STDOUT, pass_fds=[writing],
                                   start_new_session=True)
        os.close(writing)
        try:
            finished = read_outcomes(reading, run, time.monotonic() + time_limit, on_result)
            returncode = wait_or_kill(process, finished)
        except BaseException:  # Ctrl-C while waiting: take the tests down with us
            kill(process)
            raise
        finally:
            os.close(reading)
        output.seek(0)
        run.output = output.read(OUTPUT_KEPT)
    if returncode is None:
        run.ended = "killed"
    elif returncode not in (0, 1) or not (collect_only or all(map(run.all_reported, run.collected))):
        run.ended = "crashed"  # 0: all passed, 1: some failed; anything else: it broke
    return run


def read_outcomes(pipe, run, deadline, on_result):
    """Read outcome lines until the pipe ends (True) or the deadline passes (False)."""
    pending = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready = select_readable(pipe, left)
        if not ready:
            return False
        chunk = os.read(pipe, 65536)
        if not chunk:
            return True
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            take(run, line, on_result)


def select_readable(fd, timeout):
    return select.select([fd], [], [], timeout)[0]  # blocking, at most timeout


def take(run, line, on_result):
    """Add one outcome line to run."""
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        return
    kind = event.pop("event", None)
    if kind == "collected":
        for nodeid in event["tests"]:
            run.collected.setdefault(exercise_of(nodeid), []).append(function_of(nodeid))
    elif kind == "collect-error":
        run.collect_errors[exercise_of(event["where"])] = event["message"]
    elif kind == "start":
        run.last_started = exercise_of(event["test"])
    elif kind == "result":
        nodeid = event.pop("test")
        outcome = TestOutcome(name=function_of(nodeid), **event)
        run.outcomes.setdefault(exercise_of(nodeid), {})[outcome.name] = outcome
        run.last_started = None
        if on_result:
            on_result(exercise_of(nodeid), outcome)


def wait_or_kill(process, finished):
    """The return code, once the process ends; None if we had to kill it."""
    if finished:
        try:
            return process.wait(10)  # blocking: the pipe is closed, it is ending
        except subprocess.TimeoutExpired:
            pass
    kill(process)
    return None


def kill(process):
    """Kill process and everything in its session (the sandboxes die with their launchers)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it ended on its own just now
    process.wait()  # blocking


def count_tests(exercises, time_limit=120):
    """{exercise name: [test names]} from the course's own test files; no student code runs."""
    tested = [e for e in exercises if e.test_file.exists()]
    if not tested:
        return {}
    with tempfile.TemporaryDirectory(prefix="sse-collect-") as nowhere:
        run = run_tests(tested, nowhere, time_limit=time_limit, collect_only=True,
                        isolation=Isolation("none", False))
    return run.collected
