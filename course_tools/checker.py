"""Check exercises: run their tests against a folder of exercise files and say what works.

From a notebook cell::

    from course_tools.checker import check
    check("02_pipeline")

prints the same short report as ``socketserver-edu check 02_pipeline`` and returns it.
"""

import re
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from course_tools.exercises import Exercise
from course_tools.progress import Progress
from course_tools.runner import AFTER_A_HANG, OUT_OF_TIME, Isolation, TestOutcome, run_tests
from course_tools.workspace import Workspace, inspect_file, select

# One exercise's tests get this long, all together. The harness ends each hang much
# sooner; this catches what it cannot (a test process stuck for a reason nobody foresaw).
EXERCISE_TIME_LIMIT = 60


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
    output: str = ""  # pytest's own report of the run (the failures' details), for --verbose

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
        def state(r):
            return f"{r.passed} of {r.total} pass" if r.tests else r.status
        parts = "; ".join(f"{r.exercise.name}: {state(r)}" for r in self.results)
        return f"<check: {'all done' if self.ok else 'not yet'} ({parts})>"


# --- running ------------------------------------------------------------------------------

def evaluate(exercises, folder, *, isolation=None, time_limit=None, test_timeout=None,
             stop_after_timeout=False, totals=None, on_result=None):
    """An ExerciseResult for each exercise's file in folder, in the same order.

    Files that are missing, unchanged stubs or unreadable are judged by a look. The
    others are tested in one trusted pytest process, each exercise with a time budget of
    its own, so a hang in one costs that one only. time_limit, if given, bounds them all
    together (a grader's limit per submission). If the process ever stops early, the
    exercise it was on is judged as it stands and the rest run again in a fresh one.
    totals: {exercise: [its test names]}, known in advance; a test that never reported
    counts as failed. on_result(exercise name, TestOutcome) reports each test as it ends.
    """
    totals = totals or {}
    results, todo, waiting = {}, {}, []
    for exercise in exercises:
        state = inspect_file(exercise, folder)
        todo[exercise.name] = state.todo
        known = totals.get(exercise.name)
        if state.status != "ready":
            results[exercise.name] = ExerciseResult(
                exercise, state.status, message=state.message, todo=state.todo,
                known_total=len(known or ()) or None)
        elif not exercise.test_file.exists():
            results[exercise.name] = ExerciseResult(exercise, "no tests", todo=state.todo,
                                                    message="this exercise has no tests yet")
        else:
            waiting.append(exercise)
    deadline = time.monotonic() + (time_limit or EXERCISE_TIME_LIMIT * (len(waiting) + 1))
    while waiting:
        left = deadline - time.monotonic()
        if left < 1:
            for exercise in waiting:
                results[exercise.name] = not_run(exercise, totals.get(exercise.name), (
                    "not checked: the time limit for the whole submission came first"),
                    todo[exercise.name])
            break
        run = run_tests(waiting, folder, time_limit=left, exercise_time_limit=EXERCISE_TIME_LIMIT,
                        isolation=isolation, test_timeout=test_timeout,
                        stop_after_timeout=stop_after_timeout, on_result=on_result)
        if run.ended != "finished" and not run.collected:
            why = (run.output.strip().splitlines() or ["no output"])[-1]
            for exercise in waiting:
                results[exercise.name] = not_run(exercise, totals.get(exercise.name),
                                                 f"not checked: the tests could not start ({why})",
                                                 todo[exercise.name])
            break
        unfinished = [e for e in waiting if not run.all_reported(e.name)]
        culprit = run.last_started or (unfinished[0].name if unfinished else None)
        for exercise in waiting:
            if run.ended == "finished" or exercise not in unfinished:
                results[exercise.name] = judge(exercise, run, todo[exercise.name],
                                               totals.get(exercise.name))
            elif exercise.name == culprit:
                results[exercise.name] = judge(exercise, run, todo[exercise.name],
                                               totals.get(exercise.name), ended=run.ended)
        waiting = [e for e in waiting if e.name not in results]
    return [results[e.name] for e in exercises]


def not_run(exercise, known, why, todo=()):
    tests = [TestOutcome(name, "not run", message=why) for name in known or ()]
    return ExerciseResult(exercise, "not run", tests=tests, message=why, todo=todo,
                          known_total=len(known or ()) or None)


def judge(exercise, run, todo, known=None, ended="finished"):
    """The ExerciseResult of one exercise whose tests ran (or were running when the run ended).

    Its tests are the known ones (else the ones this run collected: the course's own
    files, so the student cannot change them). A test without a result, or skipped for a
    reason other than an earlier hang, counts as failed.
    """
    name = exercise.name
    if name in run.collect_errors:
        return ExerciseResult(exercise, "no tests", todo=todo, message=(
            "its tests could not be loaded (a problem in the course, not in your code: "
            f"tell your instructor): {run.collect_errors[name].splitlines()[0]}"))
    names = list(known) if known else run.collected.get(name, [])
    if not names:
        why = (run.output.strip().splitlines() or ["no output"])[-1]
        return not_run(exercise, known, f"not checked: the tests could not start ({why})", todo)
    missing_why = (OUT_OF_TIME if ended == "killed"
                   else "not run: the test process stopped before it")
    outcomes = run.outcomes.get(name, {})
    tests = [counted(outcomes.get(test) or TestOutcome(test, "not run", message=missing_why))
             for test in names]
    result = ExerciseResult(exercise, status_of(tests), tests=tests, todo=todo, output=run.output)
    if ended == "killed" or any(OUT_OF_TIME in t.message for t in tests):
        result.status = "timeout"
        result.message = ("the time limit ran out while testing this exercise: "
                          "something in it may wait for ever")
    elif ended == "crashed":
        result.status = "crashed"
        result.message = ("the test process stopped while testing this exercise (a problem "
                          "in the course, not in your code: tell your instructor)")
    elif result.status in ("import error", "timeout", "crashed") and load_problem(tests):
        result.message = load_problem(tests)
    return result


def counted(outcome):
    """A skipped test counted as what it is: not run after a hang or out of time, else failed."""
    if outcome.outcome == "skipped":
        if AFTER_A_HANG in outcome.message or OUT_OF_TIME in outcome.message:
            outcome.outcome = "not run"
        else:  # a skip is no pass: whoever skipped it, the total stays the total
            outcome.outcome, outcome.message = "failed", f"skipped: {outcome.message}"
    return outcome


def load_problem(tests):
    """The one message every test failed with, when the file could not even be loaded."""
    messages = {clean(t.message) for t in tests}
    if len(messages) == 1 and all(t.phase == "setup" and t.outcome == "failed" for t in tests):
        return messages.pop()
    return ""


LOAD_FAILURES = ("failed to import", "ended the program while it was loading",
                 "did not finish loading")


def status_of(tests):
    if not tests:
        return "no tests"
    if all(t.phase == "setup" and any(words in t.message for words in LOAD_FAILURES)
           for t in tests):
        if all("did not finish loading" in t.message for t in tests):
            return "timeout"
        return "crashed" if all("ended the program" in t.message for t in tests) else "import error"
    if any(t.timeout for t in tests):
        return "timeout"
    return "done" if all(t.passed for t in tests) else "failing"


# --- telling ------------------------------------------------------------------------------

def behaviour(test_name):
    """test_a_refused_client_gets_no_answer[udp] -> 'a refused client gets no answer (udp)'."""
    name, _, params = test_name.partition("[")
    words = name.removeprefix("test_").replace("_", " ")
    return f"{words} ({params.rstrip(']')})" if params else words


BARE_ASSERT = re.compile(r"^assert (.+?) (==|!=|is|is not|in|not in) (.+)$")
WHERE = re.compile(r"^\+\s*where .+? = <(\w+) in your code's process>\.(\w+)")


def clean(message):
    """A failure message without pytest's prefixes and diff: its first line that says something."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if not lines:
        return "it failed without a message"
    first = lines[0]
    for prefix in ("AssertionError: ", "Failed: ", "Skipped: ", "course_tools.harness.Stuck: ",
                   "course_tools.harness.SubjectGone: "):
        first = first.removeprefix(prefix)
    bare = BARE_ASSERT.match(first)
    if bare and bare[2] == "==":  # a bare assert: say it in words
        where = next((WHERE.match(line) for line in lines[1:] if WHERE.match(line)), None)
        what = f" ({where[1]}.{where[2]})" if where else ""
        first = f"expected {bare[3]}, got {bare[1]}{what}"
    elif first.startswith("assert ") and len(lines) > 1 and lines[1].startswith("+"):
        first += f"  ({lines[1].lstrip('+ ')})"  # show what the value was
    return first if len(first) <= 300 else first[:297] + "..."


# The exercise tests' own words point pytest's readers to its report sections, which
# `check` does not print; `check --verbose` does.
SEE_CAPTURED = re.compile(r"(its|the) traceback is (under|in) '?Captured stderr[^']*'?")


def pointed(text, name=None):
    """text, with a pointer to pytest's 'Captured stderr' section turned into the command."""
    command = f"socketserver-edu check --verbose {name}" if name else \
        "socketserver-edu check --verbose"
    return SEE_CAPTURED.sub(f"run `{command}` to see its traceback", text)


def explain(test, name=None):
    """One friendly sentence about why a test failed (name: its exercise, for the pointers)."""
    if test.timeout:
        text = clean(test.message) if "did not" in test.message else \
            f"your code did not answer within {test.timeout:g} s"
    elif test.outcome == "not run":
        text = clean(test.message)
    elif test.phase == "teardown" and not clean(test.message).startswith("it works"):
        text = f"it works, but something was left behind afterwards: {clean(test.message)}"
    elif test.message.startswith("TimeoutError"):  # the test's own client gave up, uncaught
        text = "your server did not answer in time: the test's client stopped waiting"
    else:
        text = clean(test.message)
    if test.line and f"line {test.line}" not in text:
        text += f" (in {test.function}, line {test.line} of your file)"
    return pointed(text, name)


def mark(test):
    return {"passed": "[x]", "failed": "[ ]", "not run": "[-]"}.get(test.outcome, "[?]")


def checklist_line(test):
    after = "  (not run: an earlier test hung)" if AFTER_A_HANG in test.message else ""
    return f"  {mark(test)} {behaviour(test.name)}{after}"


def header(exercise):
    return f"{exercise.name}: {exercise.title}"


def body(result, *, shown=(), verbose=False):
    """The lines after the header; the checklist lines in shown were printed already.

    verbose: the details follow (details()), so no pointer to --verbose is needed.
    """
    exercise, lines = result.exercise, []
    todo = " and ".join(result.todo)
    where = f"exercises/{exercise.name}.py"
    if result.status == "not started":
        if todo:
            lines.append(f"Not started yet: in {where}, replace the NotImplementedError in "
                         f"{todo} with your code, then check again.")
        else:  # a design exercise: the stub is only a TODO and a spec
            lines.append(f"Not started yet: write in {where} what its TODO asks for, "
                         "then check again.")
    elif result.status == "missing":
        lines.append(f"{result.message}. `socketserver-edu reset {exercise.name}` "
                     "makes a fresh copy.")
    elif result.status == "syntax error":
        lines.append(f"Python cannot read your file yet: {result.message}")
        lines.append("Fix that line (or the one just before it) and check again.")
    elif result.status in ("import error", "crashed", "timeout") and load_problem(result.tests):
        lines.append(f"Your file stops while it loads: {result.message}")
        if not verbose:
            lines.append("To see the line of your file where it stopped: "
                         f"socketserver-edu check --verbose {exercise.name}")
    elif result.status in ("not run", "no tests") and not result.tests:
        lines.append(result.message[:1].upper() + result.message[1:])
    else:
        lines.extend(checklist_line(t) for t in result.tests if t.name not in shown)
        lines.extend(summary(result, verbose=verbose))
    if not result.done and result.status not in ("missing", "no tests", "not run"):
        lines.append(f"Stuck? `socketserver-edu hint {exercise.name}` gives a hint.")
    return lines


def report(result):
    """The short report of one ExerciseResult, as the student reads it."""
    return "\n".join([header(result.exercise), *body(result)])


def summary(result, *, verbose=False):
    """The lines under the checklist: how many work, and the first thing to fix."""
    if result.done:
        return [f"All {result.total} behaviours work. Well done!"]
    lines = [f"{result.passed} of {result.total} behaviours work."]
    if result.message:
        lines.append(result.message[0].upper() + result.message[1:])
    failure = result.first_failure() or next((t for t in result.tests if not t.passed), None)
    if failure:
        lines.append(f"Next to fix: {behaviour(failure.name)}")
        lines.append(f"    {explain(failure, result.exercise.name)}")
        if not verbose and printed_by_your_code(result) and "--verbose" not in lines[-1]:
            lines.append("Your code printed something while the tests ran: "
                         f"socketserver-edu check --verbose {result.exercise.name} shows it.")
        if "NotImplementedError" in failure.message and result.todo:
            todo = " and ".join(result.todo)
            lines.append(f"Still to do: replace the NotImplementedError in {todo}.")
    return lines


# --- the details, for --verbose -------------------------------------------------------------

# pytest's report of one failing test starts with "____ test_name ____" (or "_ ERROR at
# setup of test_name _"), and its parts with "---- Captured stdout of your code ----":
# tests/exercises/conftest.py adds what the student's code printed under that title.
REPORT_HEADER = re.compile(r"^_+ (?:ERROR at (?:setup|teardown) of )?(\S+) _+$")
SECTION_HEADER = re.compile(r"^-+ (Captured .+?) -+$")
OF_YOUR_CODE = " of your code"
HARNESS_MARK = re.compile(r"^sse-mark-[0-9a-f]+$")  # the harness's end-of-output marker


def failure_reports(output):
    """{test name: {"failure": [lines], section title: [lines], ...}} from pytest's report."""
    reports, part = {}, None
    for line in output.splitlines():
        if line.startswith("="):  # "==== FAILURES ====", "==== short test summary ===="...
            part = None
            continue
        header = REPORT_HEADER.match(line)
        if header:
            part = reports.setdefault(header[1], {}).setdefault("failure", [])
            current = reports[header[1]]
            continue
        section = SECTION_HEADER.match(line)
        if section and part is not None:
            part = current.setdefault(section[1], [])
            continue
        if part is not None:
            part.append(line)
    return reports


def what_the_test_saw(lines):
    """The failure's own words: pytest's E lines, or the message given without a traceback."""
    errors = [line[1:] for line in lines if line.startswith("E ") and "use '-vv'" not in line]
    if errors:
        return textwrap.dedent("\n".join(errors)).splitlines()
    return [line for line in lines if line.strip() and not TEST_PLACE.match(line)]


TEST_PLACE = re.compile(r"^\S+\.py:\d+: \w+$")  # "tests/exercises/test_x.py:90: AssertionError"


def printed(lines):
    """What the student's code printed, without the harness's marker and the blank edges."""
    return "\n".join(line for line in lines if not HARNESS_MARK.match(line)).strip("\n")


def printed_by_your_code(result):
    """True when a failing test's report holds output of the student's code."""
    reports = failure_reports(result.output)
    return any(printed(lines)
               for test in result.tests if not test.passed
               for title, lines in reports.get(test.name, {}).items() if OF_YOUR_CODE in title)


def source_line(path, number):
    """Line number of the file at path, as text (read, never run), or "" if there is none."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def details(result, folder):
    """The lines --verbose adds: each failure's own words, what the code printed, the tracebacks."""
    exercise, lines = result.exercise, []
    where = Path(folder) / f"{exercise.name}.py"
    loading = load_problem(result.tests) if result.tests else ""
    if result.status == "syntax error" or loading:
        message = result.message or loading
        found = re.search(r"line (\d+)", message)
        lines.append("Where loading stopped in your file:" if loading else
                     "Where Python stopped reading your file:")
        if found:
            lines.append(f'  File "{where}", line {found[1]}')
            code = source_line(where, int(found[1]))
            if code:
                lines.append(f"    {code}")
        lines.append(f"  {message}")
    reports = failure_reports(result.output)
    for test in result.tests:
        report = reports.get(test.name)
        if test.passed or not report or loading:  # a load problem: the same for every test
            continue
        lines.append(f"--- {behaviour(test.name)} ---")
        saw = what_the_test_saw(report.get("failure", []))
        if saw:
            lines.append("What the test saw:")
            lines.extend(f"    {line}" for line in saw)
        for title, text in report.items():
            if OF_YOUR_CODE in title and printed(text):
                stream = title.removeprefix("Captured ").removesuffix(OF_YOUR_CODE)
                lines.append(f"What your code printed on {stream}:")
                lines.extend(f"    {line}" for line in printed(text).splitlines())
    if not lines:
        lines.append("Nothing more to show: your code printed nothing, and no test left a "
                     "traceback.")
    return ["", f"--- Details of {exercise.name} (--verbose) ---", *lines]


def check(name=None, folder=None, *, test_timeout=None, out=print, isolation=None,
          verbose=False):
    """Check an exercise or a chapter (default: the next unfinished); print the report, return it.

    Each behaviour's line is printed as soon as its test has run. verbose: then print
    what the student's code printed and the failures' tracebacks too.
    """
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
    isolation = isolation or Isolation.best()
    if isolation.warning:
        out(isolation.warning.replace("the student's code", "your code"))
    results, shown = [], {}
    for number, exercise in enumerate(chosen):
        out(("\n" if number else "") + header(exercise))
        shown[exercise.name] = seen = []

        def tell(_name, outcome, seen=seen):
            seen.append(outcome.name)
            out(checklist_line(counted(outcome)))

        [result] = evaluate([exercise], workspace.folder, isolation=isolation,
                            test_timeout=test_timeout, stop_after_timeout=True, on_result=tell)
        progress.record(result)
        out("\n".join(body(result, shown=seen, verbose=verbose)))
        if verbose and not result.done:
            out("\n".join(details(result, workspace.folder)))
        results.append(result)
    done = sum(r.done for r in results)
    if len(results) > 1:
        out(f"\n{done} of {len(results)} exercises done in this chapter.")
    following = progress.next_unfinished(exercises) if done == len(results) else None
    if following:
        out(f"Next up: {workspace.command('check', following.name)}")
    return CheckResult(results)
