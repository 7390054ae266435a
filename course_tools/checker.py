"""Check exercises: run their tests against a folder of exercise files and say what works.

From a notebook cell::

    from course_tools.checker import check
    check("02_pipeline")

prints the same short report as ``socketserver-edu check 02_pipeline`` and returns it.
"""

import time
from dataclasses import dataclass, field

from course_tools.exercises import Exercise
from course_tools.outcomes import AFTER_A_HANG
from course_tools.progress import Progress
from course_tools.runner import TestOutcome, run_tests
from course_tools.workspace import Workspace, inspect_file, select

# The whole run's limit is this plus a share per exercise: the tests' own timeouts
# stop a hang sooner; this catches what they cannot (a process stuck in C code).
BASE_TIME_LIMIT = 60
TIME_LIMIT_PER_EXERCISE = 60


@dataclass
class ExerciseResult:
    """How one exercise file fared: a status, each test's outcome, and what to tell the student.

    status is one of: done, failing, not started, missing, syntax error, import error,
    timeout, crashed, not run, no tests.
    """

    exercise: Exercise
    status: str
    tests: list = field(default_factory=list)  # TestOutcome, in the order the tests run
    message: str = ""  # about the file as a whole: a syntax error, a crash
    todo: tuple = ()  # functions still raising the stub's NotImplementedError
    known_total: int | None = None  # the number of tests, when they were not run

    @property
    def passed(self):
        return sum(test.passed for test in self.tests)

    @property
    def total(self):
        return len(self.tests) if self.tests else (self.known_total or 0)

    @property
    def done(self):
        return self.status == "done"

    def first_failure(self):
        return next((t for t in self.tests if t.outcome == "failed"), None)


@dataclass
class CheckResult:
    """The results of one check, in course order; what check() returns."""

    results: list

    @property
    def ok(self):
        return all(r.done for r in self.results)

    def __iter__(self):
        return iter(self.results)

    def __repr__(self):  # short: a notebook shows it under the printed report
        parts = ", ".join(f"{r.exercise.name} {r.passed}/{r.total}" for r in self.results)
        return f"<CheckResult {'all pass' if self.ok else 'not yet'}: {parts}>"


# --- running ------------------------------------------------------------------------------

def evaluate(exercises, folder, *, time_limit=None, test_timeout=None, stop_after_timeout=False,
             totals=None):
    """An ExerciseResult for each exercise's file in folder, in the same order.

    Files that are missing, unchanged stubs or unreadable are judged by a look; the
    others are tested in one subprocess. If that process dies (the student's code
    called os._exit, say), the exercise it was on is marked crashed and the rest
    are run again in a fresh one.
    """
    totals = totals or {}
    results, waiting, todo = {}, [], {}

    def set_aside(exercise, status, message):
        results[exercise.name] = ExerciseResult(exercise, status, message=message,
                                                todo=todo[exercise.name],
                                                known_total=totals.get(exercise.name))

    for exercise in exercises:
        state = inspect_file(exercise, folder)
        todo[exercise.name] = state.todo
        if state.status != "ready":
            set_aside(exercise, state.status, state.message)
        elif not exercise.test_file.exists():
            set_aside(exercise, "no tests", "this exercise has no tests yet")
        else:
            waiting.append(exercise)
    time_limit = time_limit or BASE_TIME_LIMIT + TIME_LIMIT_PER_EXERCISE * len(waiting)
    deadline = time.monotonic() + time_limit
    while waiting:
        run = run_tests(waiting, folder, time_limit=max(deadline - time.monotonic(), 1),
                        test_timeout=test_timeout, stop_after_timeout=stop_after_timeout)
        if run.ended != "finished" and not run.collected:
            # Not one test started: the tests themselves could not run, whatever the student wrote.
            why = (run.output.strip().splitlines() or ["no output"])[-1]
            for exercise in waiting:
                set_aside(exercise, "not run", f"not checked: the tests could not start ({why})")
            break
        unfinished = [e for e in waiting if not all_reported(run, e.name)]
        culprit = run.last_started or (unfinished[0].name if unfinished else None)
        for exercise in waiting:
            if run.ended == "finished" or exercise not in unfinished:
                results[exercise.name] = judge(exercise, run, todo[exercise.name])
            elif exercise.name == culprit:
                results[exercise.name] = judge(exercise, run, todo[exercise.name], ended=run.ended)
        waiting = [e for e in waiting if e.name not in results]
        if waiting and run.ended == "killed":
            for exercise in waiting:
                set_aside(exercise, "not run", "not checked: the time limit came first")
            break
    return [results[e.name] for e in exercises]


def all_reported(run, name):
    reported = {o.name for o in run.outcomes.get(name, [])}
    return name in run.collected and reported >= set(run.collected[name])


def judge(exercise, run, todo, ended="finished"):
    """The ExerciseResult of one exercise whose tests ran (or were running when it ended)."""
    if exercise.name in run.collect_errors:
        return ExerciseResult(exercise, "no tests", todo=todo, message=(
            "its tests could not be loaded (a problem in the course, not in your code: "
            f"tell your instructor): {run.collect_errors[exercise.name].splitlines()[0]}"))
    outcomes = {o.name: o for o in run.outcomes.get(exercise.name, [])}
    tests = []
    for name in run.collected.get(exercise.name, []):
        outcome = outcomes.get(name) or TestOutcome(name, "not run")
        if outcome.outcome == "skipped" and AFTER_A_HANG in outcome.message:
            outcome.outcome = "not run"
        if outcome.outcome != "skipped":  # skipped on purpose (by the test itself): not counted
            tests.append(outcome)
    result = ExerciseResult(exercise, status_of(tests), tests=tests, todo=todo)
    if ended == "killed":
        result.status = "timeout"
        result.message = ("the time limit ran out while testing this exercise: "
                          "something in it may wait for ever")
    elif ended == "crashed":
        result.status = "crashed"
        last_words = [line for line in run.output.splitlines() if line.strip()][-3:]
        result.message = ("the test run stopped suddenly while testing this exercise "
                          "(does your code call exit() or os._exit()?)"
                          + "".join(f"\n    {line}" for line in last_words))
    elif result.status == "import error":
        result.message = clean(tests[0].message)
    return result


def status_of(tests):
    if not tests:
        return "no tests"
    if any(t.timeout for t in tests):
        return "timeout"
    if all(t.phase == "setup" and "failed to import" in t.message for t in tests):
        return "import error"
    return "done" if all(t.passed for t in tests) else "failing"


# --- telling ------------------------------------------------------------------------------

def behaviour(test_name):
    """test_a_refused_client_gets_no_answer[udp] -> 'a refused client gets no answer (udp)'."""
    name, _, params = test_name.partition("[")
    words = name.removeprefix("test_").replace("_", " ")
    return f"{words} ({params.rstrip(']')})" if params else words


def clean(message):
    """A failure message without pytest's prefixes and diff: its first line that says something."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if not lines:
        return "it failed without a message"
    first = lines[0]
    for prefix in ("AssertionError: ", "Failed: ", "Skipped: "):
        first = first.removeprefix(prefix)
    if first.startswith("assert ") and len(lines) > 1 and lines[1].startswith("+"):
        first += f"  ({lines[1].lstrip('+ ')})"  # a bare assert: show what the value was
    return first if len(first) <= 300 else first[:297] + "..."


def explain(test):
    """One friendly sentence about why a test failed."""
    if test.timeout:
        text = f"your server did not answer within {test.timeout:g} s"
    elif test.phase == "teardown" and "socket.socket" in test.message:
        text = "it works, but a socket was left open afterwards: close it (a with block does that)"
    elif test.phase == "teardown":
        text = f"it works, but something was left behind afterwards: {clean(test.message)}"
    elif "TimeoutError" in test.message:
        text = "your server did not answer in time: the test's client stopped waiting"
    else:
        text = clean(test.message)
    if test.line:
        text += f" (in {test.function}, line {test.line} of your file)"
    return text


def mark(test):
    return {"passed": "[x]", "failed": "[ ]", "not run": "[-]"}.get(test.outcome, "[?]")


def report(result, *, hint=True):
    """The short report of one ExerciseResult, as the student reads it."""
    exercise, lines = result.exercise, []
    lines.append(f"{exercise.name}: {exercise.title}")
    todo = " and ".join(result.todo)
    if result.status == "not started":
        lines.append(f"Not started yet: replace the NotImplementedError in {todo or 'the stub'} "
                     "with your code, then check again.")
    elif result.status == "missing":
        lines.append(f"{result.message}. `socketserver-edu reset {exercise.name}` "
                     "makes a fresh copy.")
    elif result.status == "syntax error":
        lines.append(f"Python cannot read your file yet: {result.message}")
        lines.append("Fix that line (or the one just before it) and check again.")
    elif result.status == "import error":
        lines.append(f"Your file stops while it loads: {result.message}")
    elif result.status in ("not run", "no tests"):
        lines.append(result.message.capitalize())
    else:
        lines.extend(f"  {mark(test)} {behaviour(test.name)}" for test in result.tests)
        lines.extend(summary(result))
    if hint and not result.done and result.status not in ("missing", "no tests", "not run"):
        lines.append(f"Stuck? `socketserver-edu hint {exercise.name}` gives a hint.")
    return "\n".join(lines)


def summary(result):
    """The lines under the checklist: how many work, and the first thing to fix."""
    if result.done:
        return [f"All {result.total} behaviours work. Well done!"]
    lines = [f"{result.passed} of {result.total} behaviours work."]
    if result.message:
        lines.append(result.message[0].upper() + result.message[1:])
    failure = result.first_failure()
    if failure:
        lines.append(f"Next to fix: {behaviour(failure.name)}")
        lines.append(f"    {explain(failure)}")
        if "NotImplementedError" in failure.message and result.todo:
            todo = " and ".join(result.todo)
            lines.append(f"Still to do: replace the NotImplementedError in {todo}.")
    return lines


def check(name=None, folder=None, *, test_timeout=None, out=print):
    """Check an exercise or a chapter (default: the next unfinished); print the report, return it."""
    workspace = Workspace(folder) if folder else Workspace()
    progress = Progress(workspace)
    exercises = workspace.exercises()
    if name is None:
        chosen = progress.next_unfinished(exercises)
        if chosen is None:
            out(f"Every exercise passes ({len(exercises)} of {len(exercises)}). Congratulations!")
            return CheckResult([])
        chosen = [chosen]
    else:
        chosen = select(exercises, name)
    results = evaluate(chosen, workspace.folder, test_timeout=test_timeout, stop_after_timeout=True)
    for result in results:
        progress.record(result)
    out("\n\n".join(report(r) for r in results))
    done = sum(r.done for r in results)
    if len(results) > 1:
        out(f"\n{done} of {len(results)} exercises done in this chapter.")
    following = progress.next_unfinished(exercises) if done == len(results) else None
    if following:
        out(f"Next up: socketserver-edu check {following.name}")
    return CheckResult(results)
