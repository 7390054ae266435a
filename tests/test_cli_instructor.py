"""The instructors' commands end to end: release a student bundle, grade a class of submissions.

Grading works on exercise 02_pipeline only (--only), so these tests do not depend on the
other exercises; the release is of the real course, since that is what it is for.
"""

import csv
import os
import shutil
import subprocess
import sys
import time
import zipfile

import pytest

from course_tools import checker, cli, grader
from course_tools.exercises import ROOT, SOLUTIONS, expected_stubs, make_stub
from course_tools.release import ReleaseError, release
from tests.support import grades_of

pytestmark = pytest.mark.skipif(not SOLUTIONS.is_dir(),
                                reason="needs solutions/ (not in a student bundle)")

NAME = "02_pipeline"
SOLUTION = SOLUTIONS / f"{NAME}.py"


# --- release -------------------------------------------------------------------------------------

def bundle_cli(bundle, *args):
    """Run the command as the bundle's own copy would run, with the bundle as the course root."""
    env = dict(os.environ, PYTHONPATH=str(bundle))
    return subprocess.run([sys.executable, "-m", "course_tools.cli", *args], cwd=bundle, env=env,
                          capture_output=True, text=True, timeout=120)


def test_release_writes_a_working_bundle_without_solutions(tmp_path):
    bundle = tmp_path / "bundle"
    status = cli.main(["release", str(bundle)])
    assert status == 0

    assert not (bundle / "solutions").exists()
    left_out = {".git", ".venv", "bench-results", "__pycache__", ".pytest_cache", ".socketserver-edu"}
    assert not [p for p in bundle.rglob("*") if left_out & set(p.relative_to(bundle).parts)]
    assert not list(bundle.rglob("*.egg-info"))
    # No solution's answer anywhere: this line of 02's answer is in no hint, stub or test.
    answer_line = "self.refused += 1"
    assert answer_line in SOLUTION.read_text()
    for path in (p for p in bundle.rglob("*") if p.is_file()):
        text = path.read_bytes()
        assert answer_line.encode() not in text, path
        assert not any(s.read_bytes() in text for s in SOLUTIONS.glob("*.py")), path

    stubs = {p.name: p.read_text() for p in (bundle / "exercises").glob("[0-9][0-9]_*.py")}
    assert stubs == expected_stubs()
    pristine = {p.name: p.read_text() for p in (bundle / "exercises" / ".stubs").glob("*.py")}
    assert pristine == expected_stubs()
    for needed in ["Makefile", "pyproject.toml", "README.md", "socketserver_edu/__init__.py",
                   "course_tools/cli.py", f"exercises/{NAME}.toml",
                   f"tests/exercises/test_{NAME}.py"]:
        assert (bundle / needed).is_file(), needed
    if (ROOT / "notebooks").is_dir():
        assert (bundle / "notebooks").is_dir()

    # The student commands work in the bundle, on the bundle's files.
    shutil.copy(SOLUTION, bundle / "exercises")
    checked = bundle_cli(bundle, "check", NAME)
    assert checked.returncode == 0 and "All 5 behaviours work" in checked.stdout, checked.stdout
    listed = bundle_cli(bundle, "list")
    assert listed.returncode == 0, listed.stderr
    assert f"[x] {NAME}" in listed.stdout and "done" in listed.stdout
    assert (bundle / ".socketserver-edu" / "progress.json").exists()  # its root is the bundle
    shown = bundle_cli(bundle, "solution", NAME)
    assert shown.returncode == 0 and "no reference solutions" not in shown.stdout
    assert "the reference solutions are not in it" in shown.stdout
    reset = bundle_cli(bundle, "reset", NAME)
    assert reset.returncode == 0, reset.stderr
    assert (bundle / "exercises" / f"{NAME}.py").read_text() == expected_stubs()[f"{NAME}.py"]


def test_release_refuses_to_hand_out_answers_or_to_overwrite(tmp_path):
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    (course / "exercises").mkdir()
    (course / "notebooks").mkdir()
    (course / "solutions" / "01_add.py").write_text(
        "def add(a, b):\n    # BEGIN SOLUTION\n    # TODO: add them.\n    total = a + b\n"
        "    return total\n    # END SOLUTION\n")
    (course / "exercises" / "01_add.toml").write_text('title = "Add"\nhints = ["use +"]\n')
    (course / "notebooks" / "01_add.md").write_text(
        "The answer:\n\n    total = a + b\n    return total\n")
    with pytest.raises(ReleaseError, match="notebooks/01_add.md has the answer of 01_add"):
        release(tmp_path / "leaky", root=course)
    assert not (tmp_path / "leaky").exists()

    (course / "notebooks" / "01_add.md").write_text("No answers here.\n")
    bundle = release(tmp_path / "clean", root=course)
    assert (bundle / "exercises" / "01_add.py").read_text() == make_stub(
        (course / "solutions" / "01_add.py").read_text())
    with pytest.raises(ReleaseError, match="not empty"):
        release(bundle, root=course)


# --- grade ---------------------------------------------------------------------------------------

def submission(folder, text=None):
    """A student's exercises folder holding 02_pipeline.py with text (no file if text is None)."""
    folder.mkdir(parents=True)
    if text is not None:
        (folder / f"{NAME}.py").write_text(text)
    return folder


def attempt(replace, by):
    text = SOLUTION.read_text()
    assert replace in text, "the solution changed: update this test's attempt"
    return text.replace(replace, by)


def test_grading_records_every_kind_of_submission_and_always_finishes(tmp_path, capsys):
    solution = SOLUTION.read_text()
    subs = tmp_path / "class"
    submission(subs / "complete", solution)
    submission(subs / "partial", attempt("        if isinstance(error, ConnectionError):\n",
                                         "        if isinstance(error, OSError):\n"))
    submission(subs / "hangs", attempt("        host = client_address[0]\n",
                                       "        threading.Event().wait()  # blocks for ever\n"
                                       "        host = client_address[0]\n"
                                       ).replace("import sys\n", "import sys\nimport threading\n"))
    submission(subs / "crashes", attempt("import sys\n", "import os\nimport sys\nos._exit(3)\n"))
    submission(subs / "raises", attempt("import sys\n", "import sys\nraise RuntimeError('boom')\n"))
    typo = submission(subs / "typo", attempt("def handle_error(self,", "def handle_error(self"))
    submission(subs / "forgot")  # no 02_pipeline.py at all
    submission(subs / "untouched", make_stub(solution))
    with zipfile.ZipFile(subs / "zipped.zip", "w") as archive:
        archive.writestr(f"exercises/{NAME}.py", solution)  # zipped with its folder, as people do
    with zipfile.ZipFile(subs / "sneaky.zip", "w") as archive:
        archive.writestr(f"../{NAME}.py", solution)

    out = tmp_path / "grades"
    status = cli.main(["grade", *sorted(map(str, subs.iterdir())), "--out", str(out), "-j", "2",
                       "--only", NAME, "--test-timeout", "2"])
    assert status == 0
    progress = capsys.readouterr().err
    assert "[10/10]" in progress and "elapsed" in progress

    assert grades_of(out, NAME) == {
        "complete": (5, 5, "done"),
        "partial": (4, 5, "failing"),
        "hangs": (0, 5, "timeout"),
        "crashes": (0, 5, "crashed"),  # os._exit() while loading
        "raises": (0, 5, "import error"),
        "typo": (0, 5, "syntax error"),
        "forgot": (0, 5, "missing"),
        "untouched": (0, 5, "not started"),
        "zipped": (5, 5, "done"),
        "sneaky": (0, 5, "invalid submission"),
    }

    feedback = out / "feedback"
    assert sorted(p.stem for p in feedback.glob("*.md")) == sorted(grades_of(out, NAME))
    partial = (feedback / "partial.md").read_text()
    assert "| 02_pipeline | 4/5 | failing |" in partial
    assert ("- a timeout is an error not a hang up: "
            "a handler that timed out was counted as a hang-up") in partial
    assert "within 2 s" in (feedback / "hangs.md").read_text()
    raises = (feedback / "raises.md").read_text()
    assert raises.count("RuntimeError: boom") == 1, "one import error is told once, not per test"

    with open(out / "grades-wide.csv", newline="") as file:
        wide = {row["student"]: row for row in csv.DictReader(file)}
    assert (wide["partial"][NAME], wide["partial"]["total"], wide["partial"]["percentage"]) == \
        ("4", "4", "80.0")
    assert wide["complete"]["percentage"] == "100.0" and wide["forgot"]["percentage"] == "0.0"
    typo_line = next(n for n, line in enumerate((typo / f"{NAME}.py").read_text().splitlines(), 1)
                     if "def handle_error(self request" in line)
    assert f"line {typo_line}:" in (feedback / "typo.md").read_text()


def test_a_submission_over_its_time_limit_is_stopped_and_recorded(tmp_path, capsys):
    hangs = submission(tmp_path / "hangs", attempt(
        "        host = client_address[0]\n",
        "        threading.Event().wait()  # blocks for ever\n"
        "        host = client_address[0]\n").replace(
            "import sys\n", "import sys\nimport threading\n"))
    out = tmp_path / "grades"
    # The tests' own timeout (20 s) is longer than the submission's: the time limit stops it.
    started = time.monotonic()
    status = cli.main(["grade", str(hangs), "--out", str(out), "--only", NAME, "--timeout", "2"])
    took = time.monotonic() - started
    assert status == 0
    assert took < 2 + 10, "the batch ends within the submission's limit plus a small constant"
    assert grades_of(out, NAME) == {"hangs": (0, 5, "timeout")}
    assert "time limit ran out" in (out / "feedback" / "hangs.md").read_text()


def test_a_hang_in_one_exercise_costs_that_exercise_only(tmp_path, monkeypatch):
    # One bare-except retry loop, as a student writes it: it would swallow a timeout raised
    # inside it, but the time limits live in the process that judges, not in the student's.
    hangs = attempt("        host = client_address[0]\n",
                    "        while True:\n"
                    "            try:\n"
                    "                threading.Event().wait(0.05)\n"
                    "            except:  # noqa: E722\n"
                    "                pass\n"
                    "        host = client_address[0]\n").replace(
                        "import sys\n", "import sys\nimport threading\n")
    student = submission(tmp_path / "twelve_of_thirteen", hangs)
    for other in ("02_stop_after", "02_serve_many"):
        shutil.copy(SOLUTIONS / f"{other}.py", student)
    # A small budget per exercise: the first hung test spends it, the rest are not run.
    monkeypatch.setattr(checker, "EXERCISE_TIME_LIMIT", 2)
    out = tmp_path / "grades"
    status = cli.main(["grade", str(student), "--out", str(out), "--only", "02"])
    assert status == 0
    with open(out / "grades.csv", newline="") as file:
        rows = {row["exercise"]: (row["passed"], row["total"], row["status"])
                for row in csv.DictReader(file)}
    assert rows[NAME] == ("0", "5", "timeout")
    assert rows["02_stop_after"][2] == "done" and rows["02_serve_many"][2] == "done"
    feedback = (out / "feedback" / "twelve_of_thirteen.md").read_text()
    assert "the time limit for this exercise ran out first" in feedback


def test_zips_are_unpacked_only_inside_their_folder_and_within_a_size_limit(tmp_path, monkeypatch):
    outside = tmp_path / "outside.py"
    for bad_name in ["../outside.py", str(outside)]:
        evil = tmp_path / "evil.zip"
        with zipfile.ZipFile(evil, "w") as archive:
            archive.writestr(bad_name, "print('pwned')\n")
        (tmp_path / "into").mkdir(exist_ok=True)
        with pytest.raises(grader.SubmissionError, match="outside its folder"):
            grader.extract(evil, tmp_path / "into")
        assert not outside.exists()

    monkeypatch.setattr(grader, "MAX_UNZIPPED_BYTES", 1000)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{NAME}.py", "#" * 100_000)  # compresses to almost nothing
    with pytest.raises(grader.SubmissionError, match="more than 1000 bytes"):
        grader.extract(bomb, tmp_path / "unpacked")


def test_two_submissions_with_one_student_name_are_refused(tmp_path, capsys):
    one = submission(tmp_path / "a" / "alice", "")
    other = tmp_path / "b" / "alice.zip"
    other.parent.mkdir()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr(f"{NAME}.py", "")
    status = cli.main(["grade", str(one), str(other), "--out", str(tmp_path / "grades"),
                       "--only", NAME])
    assert status == 2 and "share a student name: alice" in capsys.readouterr().err
    assert not (tmp_path / "grades").exists()
