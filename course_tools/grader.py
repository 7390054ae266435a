"""Grade a class: each student's exercises folder (or a zip of it), in sandboxes, into CSV files.

Submissions are graded in parallel, jobs at a time. Each exercise of each submission is
tested in a trusted pytest process of its own, and every test loads the student's file
in a fresh sandbox (course_tools.harness): the student's code never shares a process with
a verdict, sees none of the course, no other submission and no network, and everything
it starts ends with its test. A time limit per submission bounds the whole batch.
Each exercise's total is the number of its tests, known before any student code runs.

The results: ``grades.csv`` (student, exercise, passed, total, status), ``grades-wide.csv``
(a row per student, a column per exercise, then total and percentage: a gradebook imports
it) and ``feedback/<student>.md``.
"""

import csv
import re
import shutil
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from course_tools.checker import ExerciseResult, behaviour, evaluate, explain, load_problem
from course_tools.runner import Isolation, count_tests

SUBMISSION_TIME_LIMIT = 300  # seconds for all of one student's exercises
MAX_UNZIPPED_BYTES = 20 * 2**20  # a class's exercises are kilobytes; more is a mistake or a bomb
MAX_ZIP_MEMBERS = 2000
EXERCISE_FILE = re.compile(r"^[0-9][0-9]_\w+\.py$")


class SubmissionError(Exception):
    """A submission that cannot be graded at all (a broken or unsafe zip)."""


@dataclass
class Grade:
    """One student's results: an ExerciseResult per exercise, or why there are none."""

    student: str
    results: list
    problem: str = ""  # set when the submission could not be opened

    @property
    def done(self):
        return sum(r.done for r in self.results)


def student_name(submission):
    """alice/ or alice.zip -> 'alice', made safe to use as a file name."""
    name = Path(submission).name.removesuffix(".zip").removesuffix(".ZIP")
    return re.sub(r"[^\w.-]", "_", name).lstrip(".") or "student"


def extract(zip_path, into):
    """Unpack zip_path into the folder into; refuse what would land outside it or is too big."""
    into = Path(into).resolve()
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as error:
        raise SubmissionError(f"not a readable zip: {error}") from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise SubmissionError(f"the zip holds {len(members)} files (at most {MAX_ZIP_MEMBERS})")
        budget = MAX_UNZIPPED_BYTES
        for member in members:
            target = (into / member.filename).resolve()
            if not target.is_relative_to(into):
                raise SubmissionError(f"the zip holds a path outside its folder: {member.filename}")
            if (member.external_attr >> 16) & 0o170000 == 0o120000:
                continue  # a symbolic link could point anywhere: leave it out
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            # Count what comes out, not what the header claims: headers can lie.
            with archive.open(member) as source, open(target, "wb") as sink:
                while chunk := source.read(65536):
                    budget -= len(chunk)
                    if budget < 0:
                        raise SubmissionError(
                            f"the zip unpacks to more than {MAX_UNZIPPED_BYTES} bytes")
                    sink.write(chunk)


def exercise_folder(top):
    """The folder under top that holds the exercise files: top itself, or the shallowest one."""
    def has_exercises(folder):
        return any(EXERCISE_FILE.match(p.name) for p in folder.iterdir() if p.is_file())

    top = Path(top)
    if has_exercises(top):
        return top
    candidates = sorted((p for p in top.rglob("*") if p.is_dir() and "__MACOSX" not in p.parts
                         and has_exercises(p)), key=lambda p: len(p.parts))
    return candidates[0] if candidates else top


def grade_one(submission, exercises, *, isolation, time_limit, test_timeout, totals):
    """The Grade of one submission (a folder or a zip)."""
    student = student_name(submission)
    submission = Path(submission)

    def run(folder):
        return Grade(student, evaluate(exercises, folder, isolation=isolation,
                                       time_limit=time_limit, test_timeout=test_timeout,
                                       totals=totals))
    try:
        if submission.is_dir():
            return run(submission)  # each test copies the one file it needs into its sandbox
        with tempfile.TemporaryDirectory(prefix="sse-grade-") as scratch:
            extract(submission, scratch)
            return run(exercise_folder(scratch))
    except SubmissionError as error:
        results = [ExerciseResult(e, "invalid submission", message=str(error),
                                  known_total=len(totals.get(e.name, ())) or None)
                   for e in exercises]
        return Grade(student, results, problem=str(error))


def grade(submissions, out_dir, exercises, *, jobs=2, time_limit=SUBMISSION_TIME_LIMIT,
          test_timeout=None, isolation=None, progress=print):
    """Grade every submission, jobs at a time; write the CSV files and feedback/; return the Grades."""
    names = [student_name(s) for s in submissions]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SubmissionError(f"two submissions share a student name: {', '.join(twice)}")
    missing = [str(s) for s in submissions if not Path(s).exists()]
    if missing:
        raise SubmissionError(f"no such submission: {', '.join(missing)}")
    isolation = isolation or Isolation.best()
    if isolation.warning:
        progress(isolation.warning)
    totals = count_tests(exercises)  # from the course's test files, before any student code
    started, grades = time.monotonic(), []
    # Threads are enough: each one only waits for its pytest processes.
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(grade_one, s, exercises, isolation=isolation,
                               time_limit=time_limit, test_timeout=test_timeout, totals=totals)
                   for s in submissions]
        for future in as_completed(futures):  # blocking
            finished = future.result()
            grades.append(finished)
            progress(f"[{len(grades)}/{len(submissions)}] {finished.student}: {finished.done} of "
                     f"{len(exercises)} exercises done ({time.monotonic() - started:.1f} s elapsed)")
    grades.sort(key=lambda g: g.student)
    write_csv(grades, Path(out_dir) / "grades.csv")
    write_wide_csv(grades, exercises, Path(out_dir) / "grades-wide.csv")
    write_feedback(grades, Path(out_dir) / "feedback")
    return grades


def write_csv(grades, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["student", "exercise", "passed", "total", "status"])
        for g in grades:
            for r in g.results:
                writer.writerow([g.student, r.exercise.name, r.passed, r.total, r.status])


def write_wide_csv(grades, exercises, path):
    """A row per student: tests passed per exercise, then the total and the percentage."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["student", *(e.name for e in exercises), "total", "percentage"])
        for g in grades:
            by_name = {r.exercise.name: r for r in g.results}
            passed = [by_name[e.name].passed if e.name in by_name else 0 for e in exercises]
            total = sum(r.total for r in g.results)
            share = f"{100 * sum(passed) / total:.1f}" if total else "0.0"
            writer.writerow([g.student, *passed, sum(passed), share])


def write_feedback(grades, folder):
    """One Markdown page per student: each exercise's score and what to fix first."""
    if folder.exists():
        shutil.rmtree(folder)  # a re-run replaces the pages; no stale student is left
    folder.mkdir(parents=True)
    for g in grades:
        (folder / f"{g.student}.md").write_text(feedback(g), encoding="utf-8")


def feedback(g):
    """The feedback page of one Grade, as Markdown: a table, then what to fix in each exercise."""
    passed = sum(r.passed for r in g.results)
    total = sum(r.total for r in g.results)
    lines = [f"# Feedback for {g.student}", "",
             f"{g.done} of {len(g.results)} exercises done; {passed} of {total} tests pass.", ""]
    if g.problem:
        return "\n".join(lines + [f"Your submission could not be opened: {g.problem}", ""])
    lines += ["| exercise | tests passed | status |", "|---|---|---|"]
    lines += [f"| {r.exercise.name} | {r.passed}/{r.total} | {r.status} |" for r in g.results]
    for r in g.results:
        said = [r.message] if r.message and r.status != "not started" else []
        if not load_problem(r.tests):  # one load error is told once, not once per test
            said += [f"- {behaviour(t.name)}: {explain(t)}" for t in r.tests if not t.passed]
        if said:
            lines += ["", f"## {r.exercise.name}: {r.exercise.title}", "", *said]
    return "\n".join(lines) + "\n"
