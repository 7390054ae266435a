"""Run exercise tests in a pytest subprocess and read back what happened to each test.

The student's code runs only in that subprocess, never in the caller: a hang, a crash
or an ``os._exit`` there cannot take the caller down. The subprocess has a hard time
limit on top of the tests' own timeouts, and everything it started is killed with it.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from course_tools.exercises import ROOT
from course_tools.outcomes import file_of

# Only the plugins we need: starting pytest takes 0.2 s instead of 1.5 s with every
# installed plugin (nbval pulls in Jupyter), and the tests' behaviour is unchanged.
PYTEST_FLAGS = ["-o", "addopts=", "-p", "no:cacheprovider", "-p", "pytest_timeout",
                "-p", "course_tools.outcomes", "--continue-on-collection-errors",
                "-q", "--no-header"]


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
    """One pytest subprocess: the tests it found and what happened to each, by exercise."""

    __test__ = False

    collected: dict = field(default_factory=dict)  # exercise name -> [test names]
    outcomes: dict = field(default_factory=dict)  # exercise name -> [TestOutcome]
    collect_errors: dict = field(default_factory=dict)  # exercise name -> message
    last_started: str | None = None  # the exercise whose test was running at the end
    ended: str = "finished"  # finished, crashed (died by itself) or killed (time limit)
    output: str = ""  # pytest's own output, for a problem nobody expected


def exercise_of(nodeid):
    """'tests/exercises/test_02_pipeline.py::test_x' -> '02_pipeline'."""
    return Path(file_of(nodeid)).stem.removeprefix("test_")


def function_of(nodeid):
    """'tests/exercises/test_02_pipeline.py::test_x[udp]' -> 'test_x[udp]'."""
    return nodeid.split("::")[-1]


def pytest_command(test_files, folder, outcomes_file, *, test_timeout=None,
                   stop_after_timeout=False, collect_only=False):
    """The command line that runs test_files against the exercise files in folder."""
    command = [sys.executable, "-m", "pytest", *map(str, test_files),
               f"--target={Path(folder).resolve()}", f"--outcomes-file={outcomes_file}",
               *PYTEST_FLAGS]
    if test_timeout:
        command.append(f"--test-timeout={test_timeout}")
    if stop_after_timeout:
        command.append("--stop-after-timeout")
    if collect_only:
        command.append("--collect-only")
    return command


def run_tests(exercises, folder, *, time_limit, test_timeout=None, stop_after_timeout=False,
              collect_only=False):
    """Run the tests of exercises against folder's files in one subprocess; a TestRun."""
    with tempfile.TemporaryDirectory(prefix="sse-run-") as scratch:
        outcomes_file = Path(scratch) / "outcomes.jsonl"
        command = pytest_command([e.test_file for e in exercises], folder, outcomes_file,
                                 test_timeout=test_timeout, collect_only=collect_only,
                                 stop_after_timeout=stop_after_timeout)
        returncode, output = run_with_time_limit(command, time_limit)
        run = read_outcomes(outcomes_file)
    run.output = output
    if returncode is None:
        run.ended = "killed"
    elif returncode not in (0, 1) or not (collect_only or every_test_reported(run)):
        run.ended = "crashed"  # 0: all passed, 1: some failed; anything else: it broke
    return run


def every_test_reported(run):
    """Every collected test has a result."""
    reported = {(name, o.name) for name, outcomes in run.outcomes.items() for o in outcomes}
    return all((name, test) in reported for name, tests in run.collected.items() for test in tests)


def run_with_time_limit(command, time_limit):
    """(return code, output) of command; return code None when it ran out of time."""
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1")
    # A session of its own: on a time limit the whole group goes, servers the
    # student's code forked included; and Ctrl-C in a terminal reaches us, not it.
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors="replace", start_new_session=True)
    try:
        output, _ = process.communicate(timeout=time_limit)  # blocking
        return process.returncode, output
    except subprocess.TimeoutExpired:
        return None, kill(process)
    except BaseException:  # Ctrl-C while waiting: take the tests down with us
        kill(process)
        raise


def kill(process):
    """Kill process and everything in its session; return what it had printed."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it ended on its own just now
    output, _ = process.communicate()  # blocking
    return output


def read_outcomes(path):
    """The TestRun told by an outcomes file (see course_tools.outcomes)."""
    run = TestRun()
    if not path.exists():
        return run
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a kill
        kind = event.pop("event")
        if kind == "collected":
            for nodeid in event["tests"]:
                run.collected.setdefault(exercise_of(nodeid), []).append(function_of(nodeid))
        elif kind == "collect-error":
            run.collect_errors[exercise_of(event["where"])] = event["message"]
        elif kind == "start":
            run.last_started = exercise_of(event["test"])
        elif kind == "result":
            nodeid = event.pop("test")
            run.outcomes.setdefault(exercise_of(nodeid), []).append(
                TestOutcome(name=function_of(nodeid), **event))
            run.last_started = None
    return run
