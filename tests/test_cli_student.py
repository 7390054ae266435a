"""The students' commands end to end: list, check (and --verbose), hint, watch, solution, reset;
check() in notebooks.

Every test works on a copy of exercise 02_pipeline in a temporary folder (--exercises-dir),
never on the real exercises/, and does not depend on the other exercises.
"""

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from course_tools import cli
from course_tools.checker import behaviour, check, explain
from course_tools.exercises import EXERCISES, SOLUTIONS, Exercise, make_stub
from course_tools.progress import Progress
from course_tools.runner import TestOutcome
from course_tools.workspace import Workspace
from tests.support import PATIENCE

pytestmark = pytest.mark.skipif(not SOLUTIONS.is_dir(),
                                reason="needs solutions/ (not in a student bundle)")

NAME = "02_pipeline"
SOLUTION = SOLUTIONS / f"{NAME}.py"
STUB = make_stub(SOLUTION.read_text()) if SOLUTION.exists() else ""
SCRIPT = Path(sys.executable).with_name("socketserver-edu")  # the console script pip installed
TESTS = Path(__file__).parent / "exercises" / f"test_{NAME}.py"
TOTAL = len(re.findall(r"^def test_", TESTS.read_text(), re.MULTILINE)) if TESTS.exists() else 0
# FORGETS_TO_REFUSE fails the two quota tests and passes the others.
WORKING_WHEN_NEVER_REFUSING = f"{TOTAL - 2} of {TOTAL}"


@pytest.fixture
def folder(tmp_path):
    """A student's exercises folder holding the fresh stub of 02_pipeline and its hints."""
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / f"{NAME}.py").write_text(STUB)
    shutil.copy(EXERCISES / f"{NAME}.toml", exercises)
    return exercises


def solved_but(replace, by):
    """The solution with one piece of it changed: a student's attempt."""
    text = SOLUTION.read_text()
    assert replace in text, "the solution changed: update this test's attempt"
    return text.replace(replace, by)


HOOK = "    def verify_request(self, request, client_address):\n"  # the line attempts hook onto
FORGETS_TO_REFUSE = solved_but("if served >= self.max_per_host:", "if False:  # never refuses")
HANGS = solved_but(HOOK, HOOK + "        threading.Event().wait()  # waits for ever\n").replace(
    "import sys\n", "import sys\nimport threading\n")
BAD_SYNTAX = solved_but(HOOK, HOOK.replace("request, client_address", "request client_address"))
FAILS_TO_IMPORT = solved_but("import sys\n", "import sys\nimport no_such_module_here\n")
# Prints on stderr, then raises out of verify_request: the server stops at the first client.
PRINTS_THEN_RAISES = solved_but(
    HOOK, HOOK + "        print('verify_request was called', file=sys.stderr)\n"
    "        raise RuntimeError('a bug in verify_request')\n")


def run(capsys, folder, *args):
    """(exit status, output) of the command, run in this process on the student's folder."""
    status = cli.main([*args, "--exercises-dir", str(folder)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def line_number_of(text, fragment):
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


# --- list --------------------------------------------------------------------------------------

def test_list_shows_each_exercise_with_its_status_and_the_progress(folder):
    def listed():
        finished = subprocess.run([SCRIPT, "list", "--exercises-dir", folder], capture_output=True,
                                  text=True, timeout=120)
        assert finished.returncode == 0, finished.stderr
        return finished.stdout

    out = listed()
    assert "Chapter 02" in out
    assert f"{NAME}" in out and "not started" in out and "0 of 1 done" in out
    *table, last = out.splitlines()
    assert all(len(line) <= 80 for line in table), "list must fit 80 columns"
    # The folder is not the one the command finds by itself: the command to copy names it.
    assert last.endswith(f"Next: socketserver-edu check {NAME} --exercises-dir {folder}")
    (folder / f"{NAME}.py").write_text(HANGS)
    assert "not checked yet" in listed(), "list runs no test: it reads the last check"
    (folder / f"{NAME}.py").write_text(FORGETS_TO_REFUSE)
    cli.main(["check", NAME, "--exercises-dir", str(folder)])
    assert f"{WORKING_WHEN_NEVER_REFUSING} pass" in listed()
    shutil.copy(SOLUTION, folder)
    cli.main(["check", NAME, "--exercises-dir", str(folder)])
    out = listed()
    assert f"[x] {NAME}" in out and "1 of 1 done" in out and "congratulations" in out


def test_list_keeps_the_order_in_which_each_chapter_presents_its_exercises():
    names = [e.name for e in Workspace().exercises()]
    assert names.index("02_pipeline") < names.index("02_stop_after") < names.index("02_serve_many")
    assert names.index("05_thread_per_request") < names.index("05_child_reports")


# --- check ---------------------------------------------------------------------------------------

def test_run_from_a_folder_with_exercises_it_checks_those(capsys, folder, monkeypatch):
    """A student's own copy on a shared install: no --exercises-dir needed."""
    (folder / f"{NAME}.py").write_text(FORGETS_TO_REFUSE)
    monkeypatch.chdir(folder.parent)
    status = cli.main(["check", NAME])
    out = capsys.readouterr().out
    assert status == 1 and "each host is served up to its quota then refused" in out


def test_checking_a_stub_says_not_started_and_which_functions_to_write(capsys, folder):
    status, out = run(capsys, folder, "check", NAME)
    assert status == 1
    assert f"Not started yet: in exercises/{NAME}.py, replace the NotImplementedError in " \
           "GuardedServer.verify_request and GuardedServer.handle_error" in out


def test_checking_a_design_stub_says_not_started_and_points_to_its_todo(capsys, folder):
    for name in ("01_framing.py", "01_framing.toml"):  # its stub is a spec and a TODO
        shutil.copy(EXERCISES / name, folder)
    status, out = run(capsys, folder, "check", "01_framing")
    assert status == 1
    assert "Not started yet: write in exercises/01_framing.py what its TODO asks for" in out
    assert "NotImplementedError" not in out


def test_check_names_each_behaviour_and_the_first_failures_message(capsys, folder):
    (folder / f"{NAME}.py").write_text(FORGETS_TO_REFUSE)
    status, out = run(capsys, folder, "check", NAME)
    assert status == 1
    assert "[x] a crash is recorded with its client and the next client is served" in out
    assert "[ ] each host is served up to its quota then refused" in out
    assert f"{WORKING_WHEN_NEVER_REFUSING} behaviours work" in out
    assert "the 4th connection from 127.0.0.1 should be closed unserved" in out
    assert "Traceback" not in out and "def test_" not in out and "=====" not in out  # no pytest wall


def test_a_passing_exercise_exits_0_and_the_next_check_knows_it_is_done(capsys, folder):
    shutil.copy(SOLUTION, folder)
    status, out = run(capsys, folder, "check", NAME)
    assert status == 0
    assert f"All {TOTAL} behaviours work" in out
    status, out = run(capsys, folder, "check")  # the next unfinished one: there is none left
    assert status == 0 and "Every exercise passes" in out


def test_check_without_a_name_checks_the_next_unfinished_exercise(capsys, folder):
    status, out = run(capsys, folder, "check")
    assert status == 1 and f"{NAME}: " in out and "Not started" in out


def test_a_chapter_number_checks_that_chapters_exercises(capsys, folder):
    shutil.copy(SOLUTION, folder)
    status, out = run(capsys, folder, "check", "02")
    assert status == 0 and f"{NAME}: " in out and f"All {TOTAL} behaviours work" in out


def test_an_unknown_exercise_is_a_clear_usage_error(capsys, folder):
    status, out = run(capsys, folder, "check", "99_nothing")
    assert status == 2 and "no exercise or chapter called '99_nothing'" in out and NAME in out


def test_a_hanging_exercise_is_reported_as_a_hang_with_its_line_and_the_check_ends(capsys, folder):
    (folder / f"{NAME}.py").write_text(HANGS)
    status, out = run(capsys, folder, "check", NAME)
    assert status == 1
    assert ("GuardedServer.handle_request() did not return within 3 s: your code is stuck in "
            f"verify_request, line {line_number_of(HANGS, 'waits for ever')}") in out
    assert "[-]" in out  # the other tests were not run: they would hang the same way
    _, again = run(capsys, folder, "check", NAME)
    assert again == out, "the same code gets the same message on every run"


def test_a_syntax_error_is_reported_with_its_line(capsys, folder):
    (folder / f"{NAME}.py").write_text(BAD_SYNTAX)
    status, out = run(capsys, folder, "check", NAME)
    assert status == 1
    assert f"line {line_number_of(BAD_SYNTAX, 'request client_address')}" in out
    assert "def verify_request(self, request client_address):" in out


def test_an_import_error_is_reported_with_its_line(capsys, folder):
    (folder / f"{NAME}.py").write_text(FAILS_TO_IMPORT)
    status, out = run(capsys, folder, "check", NAME)
    assert status == 1
    assert "No module named 'no_such_module_here'" in out
    assert f"line {line_number_of(FAILS_TO_IMPORT, 'no_such_module_here')}" in out


def test_verbose_shows_the_line_of_the_file_where_the_import_failed(capsys, folder):
    (folder / f"{NAME}.py").write_text(FAILS_TO_IMPORT)
    line = line_number_of(FAILS_TO_IMPORT, "no_such_module_here")
    status, out = run(capsys, folder, "check", NAME)
    assert status == 1
    assert f"socketserver-edu check --verbose {NAME}" in out, "no pointer to --verbose"
    assert "import no_such_module_here" not in out
    status, out = run(capsys, folder, "check", "--verbose", NAME)
    assert status == 1
    details = out.split(f"--- Details of {NAME} (--verbose) ---", 1)[1]
    assert f'File "{folder / NAME}.py", line {line}\n    import no_such_module_here\n' in details
    assert "ModuleNotFoundError: No module named 'no_such_module_here'" in details
    assert details.count("no_such_module_here'") == 1, "said once, not once per test"


def test_verbose_shows_what_the_code_printed_and_what_the_test_saw(capsys, folder):
    (folder / f"{NAME}.py").write_text(PRINTS_THEN_RAISES)
    status, out = run(capsys, folder, "check", NAME)
    assert status == 1
    assert "verify_request was called" not in out, "the short report shows no output"
    assert f"socketserver-edu check --verbose {NAME} shows it" in out
    status, out = run(capsys, folder, "check", "-v", NAME)
    assert status == 1
    details = out.split(f"--- Details of {NAME} (--verbose) ---", 1)[1]
    assert "What your code printed on stderr:\n    verify_request was called\n" in details
    assert "a bug in verify_request" in details  # the failure's own words
    assert "sse-mark-" not in details, "the harness's marker is no output of the student's"
    assert "Traceback" not in out.split("--- Details")[0], "no traceback in the short report"


def test_a_pointer_to_pytests_captured_stderr_becomes_the_verbose_command():
    """The exercise tests' helpers tell pytest's readers to look under 'Captured stderr'."""
    said = ("AssertionError: the server closed the connection instead of replying; if the "
            "handler raised, its traceback is under 'Captured stderr'")
    failed = TestOutcome("test_x", "failed", message=said)
    assert explain(failed, "03_line_protocol") == (
        "the server closed the connection instead of replying; if the handler raised, run "
        "`socketserver-edu check --verbose 03_line_protocol` to see its traceback")
    assert "Captured stderr" not in explain(failed)


def test_a_missing_file_says_how_to_get_it_back(capsys, folder):
    (folder / f"{NAME}.py").unlink()
    status, out = run(capsys, folder, "check", NAME)
    assert status == 1 and f"{NAME}.py is not there" in out and f"reset {NAME}" in out


def test_check_from_a_notebook_cell_prints_the_same_report_and_returns_a_result(capsys, folder):
    (folder / f"{NAME}.py").write_text(FORGETS_TO_REFUSE)
    _, from_the_command = run(capsys, folder, "check", NAME)
    result = check(NAME, folder)
    assert capsys.readouterr().out == from_the_command
    assert not result.ok
    [exercise] = result.results
    assert (exercise.status, exercise.passed, exercise.total) == ("failing", TOTAL - 2, TOTAL)
    assert repr(result) == f"<check: not yet ({NAME}: {WORKING_WHEN_NEVER_REFUSING} pass)>"
    (folder / f"{NAME}.py").write_text(STUB)
    assert repr(check(NAME, folder, out=lambda text: None)) == f"<check: not yet ({NAME}: not started)>"


# --- hint ----------------------------------------------------------------------------------------

def test_hint_gives_the_next_hint_each_time_then_says_there_are_no_more(capsys, folder):
    hints = Workspace(folder).exercises()[0].hints
    for number, hint in enumerate(hints, start=1):
        status, out = run(capsys, folder, "hint", NAME)
        assert status == 0 and f"Hint {number} of {len(hints)}" in out
        assert " ".join(out.split()).find(" ".join(hint.split()[:6])) >= 0
    status, out = run(capsys, folder, "hint", NAME)
    assert "No more hints" in out and "--all" in out
    assert (folder.parent / ".socketserver-edu" / "progress.json").exists()
    status, out = run(capsys, folder, "hint", NAME, "--all")
    assert all(f"Hint {n} of {len(hints)}" in out for n in range(1, len(hints) + 1))


# --- solution ------------------------------------------------------------------------------------

def test_the_solution_shows_only_once_the_exercise_passes(capsys, folder):
    answer = "self.served_per_host[host] = served + 1"  # a line of the answer
    status, out = run(capsys, folder, "solution", NAME)
    assert status == 1 and "opens once your version passes" in out and answer not in out
    status, out = run(capsys, folder, "solution", NAME, "--instructor")
    assert status == 0 and answer in out
    shutil.copy(SOLUTION, folder)
    status, out = run(capsys, folder, "solution", NAME)
    assert status == 0 and answer in out


def test_without_solutions_the_solution_command_says_so_politely(capsys, folder, monkeypatch,
                                                                  tmp_path):
    monkeypatch.setattr(cli, "SOLUTIONS", tmp_path / "no-solutions-here")
    status, out = run(capsys, folder, "solution", NAME)
    assert status == 1 and "no reference solutions" in out and f"hint {NAME}" in out
    shutil.copy(SOLUTION, folder)
    run(capsys, folder, "check", NAME)
    status, out = run(capsys, folder, "solution", NAME)
    assert status == 0 and "passes: well done" in out and "your instructor has them" in out
    assert "hint" not in out, "after a pass, no hint is needed"


def test_the_instructor_option_is_not_offered_to_students(capsys):
    with pytest.raises(SystemExit):
        cli.main(["solution", "--help"])
    assert "--instructor" not in capsys.readouterr().out


# --- reset ---------------------------------------------------------------------------------------

def test_reset_restores_the_stub_and_keeps_each_previous_version(capsys, folder):
    exercise_file = folder / f"{NAME}.py"
    status, out = run(capsys, folder, "reset", NAME)
    assert status == 0 and not list(folder.glob("*.bak*")), "an untouched stub needs no backup"
    exercise_file.write_text("# my first try\n")
    status, out = run(capsys, folder, "reset", NAME)
    assert status == 0 and f"{NAME}.py.bak" in out
    assert f"To go back to it: cp {folder / (NAME + '.py.bak')} {folder / (NAME + '.py')}" in out
    assert exercise_file.read_text() == STUB
    assert (folder / f"{NAME}.py.bak").read_text() == "# my first try\n"
    exercise_file.write_text("# my second try\n")
    status, out = run(capsys, folder, "reset", NAME)
    assert f"{NAME}.py.bak1" in out
    assert (folder / f"{NAME}.py.bak1").read_text() == "# my second try\n"
    assert (folder / f"{NAME}.py.bak").read_text() == "# my first try\n"


# --- progress ------------------------------------------------------------------------------------

def test_an_exercise_is_unfinished_again_once_its_file_changes(folder):
    first = Exercise(NAME, "02", "t", ())
    second = Exercise("02_other", "02", "t", ())
    shutil.copy(SOLUTION, folder)
    (folder / "02_other.py").write_text("x = 1\n")
    [result] = check(NAME, folder, out=lambda text: None).results
    progress = Progress(Workspace(folder))  # read back from the file: it was saved
    assert result.done and progress.next_unfinished([first, second]) == second
    (folder / f"{NAME}.py").write_text(SOLUTION.read_text() + "\n# an edit\n")
    assert progress.next_unfinished([first, second]) == first


def test_test_names_read_as_behaviours():
    assert behaviour("test_a_refused_client_gets_no_answer") == "a refused client gets no answer"
    assert behaviour("test_echo_over[udp-2]") == "echo over (udp-2)"


# --- watch ---------------------------------------------------------------------------------------

class Watcher:
    """The watch command in a subprocess, its output read line by line with a time limit."""

    def __init__(self, folder, *options):
        self.process = subprocess.Popen(
            [SCRIPT, "watch", NAME, "--exercises-dir", folder, "--interval", "0.05", *options],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines, self.seen = queue.Queue(), []
        self.reader = threading.Thread(target=self.read, name="watch-output")
        self.reader.start()

    def read(self):
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)  # the end of the output

    def wait_for(self, text):
        """Read until a line containing text; fail if the output ends or stalls first."""
        while True:
            line = self.lines.get(timeout=PATIENCE * 3)  # blocking
            assert line is not None, f"the output ended before {text!r}: {''.join(self.seen)}"
            self.seen.append(line)
            if text in line:
                return

    def finish(self):
        """Wait for the process to end by itself; return (exit status, all its output)."""
        status = self.process.wait(timeout=PATIENCE * 3)  # blocking
        self.reader.join()
        while (line := self.lines.get()) is not None:
            self.seen.append(line)
        return status, "".join(self.seen)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.process.kill()  # nothing to kill once it has ended; else the test failed already
        self.process.wait()
        self.reader.join()
        self.process.stdin.close()
        self.process.stdout.close()


def test_watch_checks_again_when_the_file_is_saved(folder):
    with Watcher(folder, "--max-checks", "2") as watcher:
        watcher.wait_for("Watching 02_pipeline.py")
        shutil.copy(SOLUTION, folder)  # the student saves
        status, out = watcher.finish()
    assert status == 0
    assert out.index("Not started yet") < out.index(f"All {TOTAL} behaviours work")


def test_watch_manual_checks_again_when_enter_is_pressed(folder):
    with Watcher(folder, "--manual", "--max-checks", "2") as watcher:
        watcher.wait_for("Press Enter")
        shutil.copy(SOLUTION, folder)
        watcher.process.stdin.write("\n")
        watcher.process.stdin.flush()
        status, out = watcher.finish()
    assert status == 0 and out.index("Not started yet") < out.index(f"All {TOTAL} behaviours work")


def test_watch_stops_cleanly_on_ctrl_c(folder):
    with Watcher(folder) as watcher:
        watcher.wait_for("Watching 02_pipeline.py")
        watcher.process.send_signal(signal.SIGINT)
        status, out = watcher.finish()
    assert status == 0 and "Stopped watching" in out and "Traceback" not in out


@pytest.mark.parametrize("message, said", [
    ("TimeoutError: timed out", "your server did not answer in time"),
    # A test's own message that names TimeoutError is the behaviour, and is kept as it is.
    ("AssertionError: the client expected a TimeoutError from ask() after 3 tries",
     "the client expected a TimeoutError from ask() after 3 tries"),
])
def test_only_an_uncaught_timeout_of_the_tests_client_is_reworded(message, said):
    assert said in explain(TestOutcome("test_x", "failed", message=message))
