"""Build the student bundle: the whole course as a student needs it, without the solutions.

The exercises get freshly generated stubs, plus a pristine copy of each in
``exercises/.stubs/`` so that ``socketserver-edu reset`` works without solutions.
Before it is handed out, the bundle is searched for any solution's answer code.
"""

import json
import shutil
from pathlib import Path

from course_tools.exercises import BEGIN, END, ROOT, SOLUTIONS, generate
from course_tools.workspace import PRISTINE

# Never in a bundle: the answers, version control, environments, caches, build output.
LEFT_OUT = {"solutions", ".git", ".venv", "venv", "bench-results", "build", "dist", "site",
            ".socketserver-edu", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache",
            ".ipynb_checkpoints", ".cache", ".DS_Store"}
LEFT_OUT_PATTERNS = ("*.egg-info", "*.pyc", "*.bak", "*.bak[0-9]*")
# The course tools' own tests: they need solutions/ and quote pieces of the answers; and
# the mutants, wrong answers made from the right ones by changing a line or two.
INSTRUCTOR_ONLY = {"tests": {"test_cli_student.py", "test_cli_instructor.py"},
                   "tests/exercises": {"mutants"}}
# Not searched for answers: the package is what students read (the notebooks show its
# source), and an exercise may rebuild a piece of it on purpose.
SHOWN_ANYWAY = ("socketserver_edu",)


class ReleaseError(Exception):
    """The bundle could not be made, or would have given answers away."""


def release(out_dir, *, root=ROOT):
    """Write the student bundle of the course at root into out_dir (new or empty); return its path."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ReleaseError(f"{out_dir} is not empty: pick a new folder")
    if Path(out_dir).resolve().is_relative_to(Path(root).resolve()):
        raise ReleaseError(f"{out_dir} is inside the course itself: pick a folder outside it")
    ignore = shutil.ignore_patterns(*LEFT_OUT, *LEFT_OUT_PATTERNS)
    shutil.copytree(root, out_dir, ignore=skip_exercise_code(root, ignore), dirs_exist_ok=True)
    solutions = Path(root) / "solutions"
    generate(out_dir / "exercises", solutions)
    generate(out_dir / "exercises" / PRISTINE, solutions)
    leaks = leaked_answers(out_dir, solutions)
    if leaks:
        shutil.rmtree(out_dir)  # a bundle that gives answers away must not be handed out
        raise ReleaseError("solution code found in the bundle (removed it): "
                           + "; ".join(f"{file} has the answer of {name}" for file, name in leaks))
    return out_dir


def skip_exercise_code(root, ignore):
    """The copy's ignore rule: the usual left-outs, the instructor's exercise files and tests."""
    root = Path(root).resolve()

    def ignored(folder, names):
        skipped = set(ignore(folder, names))
        where = Path(folder).resolve().relative_to(root).as_posix()
        if where == "exercises":  # stubs are generated afresh instead
            skipped |= {name for name in names if name.endswith(".py") or name == PRISTINE}
        return skipped | (INSTRUCTOR_ONLY.get(where, set()) & set(names))
    return ignored


def answer_blocks(solution_text):
    """The code of each marked answer: its lines, stripped, without comments and blank lines."""
    blocks, current = [], None
    for line in solution_text.splitlines():
        if BEGIN.match(line):
            current = []
        elif END.match(line) and current is not None:
            blocks.append(current)
            current = None
        elif current is not None and line.strip() and not line.strip().startswith("#"):
            current.append(line.strip())
    return blocks


def readable_lines(path):
    """The stripped lines of a text file (a notebook's cell sources); None if it is not text."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text).get("cells", [])
            text = "\n".join("".join(cell.get("source", [])) for cell in cells)
        except (json.JSONDecodeError, AttributeError):
            pass  # not a notebook after all: search it as text
    return [line.strip() for line in text.splitlines() if line.strip()]


def contains_run(lines, run):
    """True if the list run appears in lines, in a row."""
    return any(lines[i:i + len(run)] == run for i in range(len(lines) - len(run) + 1))


def leaked_answers(bundle, solutions=SOLUTIONS):
    """(file, exercise) for each file of bundle holding a solution's answer of two lines or more.

    One-line answers are not searched: a last hint may spell one out on purpose.
    Nor is the package (SHOWN_ANYWAY).
    """
    answers = {path.stem: [b for b in answer_blocks(path.read_text(encoding="utf-8")) if len(b) >= 2]
               for path in sorted(Path(solutions).glob("[0-9][0-9]_*.py"))}
    found = []
    for path in sorted(p for p in Path(bundle).rglob("*") if p.is_file()):
        if path.relative_to(bundle).parts[0] in SHOWN_ANYWAY:
            continue
        lines = readable_lines(path)
        if lines is None:
            continue
        found.extend((path.relative_to(bundle), name) for name, blocks in answers.items()
                     if any(contains_run(lines, block) for block in blocks))
    return found


def is_bundle(root=ROOT):
    """True in a student bundle: a course without its solutions folder."""
    return not (Path(root) / "solutions").is_dir()

