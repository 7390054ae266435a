"""The student's side: a folder of exercise files, their stubs, and what a look at them tells.

In the course repository a stub is made from its solution; a student bundle has no
solutions, so the release keeps a pristine copy of every stub in ``exercises/.stubs/``.
"""

import ast
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from course_tools.exercises import EXERCISES, SOLUTIONS, STUB_RAISE, catalog, make_stub

PRISTINE = ".stubs"  # inside an exercises folder of a bundle


def folder_found_here():
    """The exercises folder a command run here checks when it is given no --exercises-dir.

    On a shared install (a JupyterHub, say) each student works in a copy of their own: run
    from that copy, the command checks the student's files, not the shared ones.
    """
    here = Path.cwd() / "exercises"
    return here if any(here.glob("[0-9][0-9]_*.py")) else EXERCISES


@dataclass(frozen=True)
class Workspace:
    """A folder of exercise files and, next to it, the folder that keeps the student's progress."""

    folder: Path = EXERCISES

    def command(self, *words):
        """The socketserver-edu command line that does this on this workspace, run from here."""
        line = " ".join(("socketserver-edu", *words))
        if Path(self.folder).resolve() != folder_found_here().resolve():
            line += f" --exercises-dir {self.folder}"
        return line

    @property
    def state_folder(self):
        return Path(self.folder).parent / ".socketserver-edu"

    def exercises(self):
        """The exercises, in course order: those described in this folder, else the course's."""
        return catalog(self.folder) or catalog()

    def file(self, exercise):
        return exercise.file_in(self.folder)


def stub_text(exercise):
    """The exercise as handed out, or None if this copy of the course cannot tell."""
    solution = exercise.file_in(SOLUTIONS)
    if solution.exists():
        return make_stub(solution.read_text(encoding="utf-8"), solution.name)
    pristine = exercise.file_in(EXERCISES / PRISTINE)
    return pristine.read_text(encoding="utf-8") if pristine.exists() else None


def same_code(text, other):
    """Equal but for line endings and trailing blank space (an editor on Windows, say)."""
    def normal(t):
        return t.replace("\r\n", "\n").strip()
    return other is not None and normal(text) == normal(other)


def fingerprint(path):
    """A hash of the file's content, or None if there is no file."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class FileState:
    """What a look at the file says: missing, not started, syntax error, or ready to test."""

    status: str
    message: str = ""
    todo: tuple = ()  # functions that still raise the stub's NotImplementedError


def inspect_file(exercise, folder):
    """Judge an exercise file without running it: the student's code runs only in the tests."""
    path = exercise.file_in(folder)
    if path.is_symlink():  # it could point anywhere, the reference answers too
        return FileState("missing", f"{path.name} is a symbolic link, not a file: hand in "
                         "the file itself")
    if not path.exists():
        return FileState("missing", f"{path.name} is not there")
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(text, filename=path.name)
    except SyntaxError as error:
        shown = (error.text or "").rstrip()
        where = f"{path.name}, line {error.lineno}: {error.msg}"
        return FileState("syntax error", where + (f"\n    {shown.strip()}" if shown else ""))
    todo = tuple(todo_functions(tree, text))
    status = "not started" if same_code(text, stub_text(exercise)) else "ready"
    return FileState(status, todo=todo)


def todo_functions(tree, text):
    """Qualified names of the functions whose body still holds the stub's raise."""
    functions = []  # (first line, last line, qualified name)

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    functions.append((child.lineno, child.end_lineno, name))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == STUB_RAISE:
            around = [f for f in functions if f[0] <= number <= f[1]]
            innermost = max(around, default=None)  # the latest start is the deepest
            if innermost and innermost[2] not in found:
                found.append(innermost[2])
    return found


def reset(exercise, folder):
    """Put the stub back; return where the previous version was kept (None if there was none)."""
    stub = stub_text(exercise)
    if stub is None:
        raise FileNotFoundError(f"no stub for {exercise.name} in this copy of the course")
    path = exercise.file_in(folder)
    backup = None
    untouched = path.is_file() and same_code(path.read_text(encoding="utf-8"), stub)
    if path.exists() and not untouched:  # an untouched stub holds nothing worth keeping
        backup = free_backup_name(path)
        shutil.copy2(path, backup)
    path.write_text(stub, encoding="utf-8")
    return backup


def free_backup_name(path):
    """NN_slug.py.bak, or .bak1, .bak2, ... when that is taken: never overwrite a backup."""
    candidate, number = path.with_name(path.name + ".bak"), 0
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.bak{number}")
    return candidate


def select(exercises, wanted):
    """The exercises named by wanted: a name (02_pipeline), a slug (pipeline), a chapter (02, 2)."""
    wanted = wanted.strip().removesuffix(".py")
    if wanted.isdigit():
        chosen = [e for e in exercises if e.chapter == wanted.zfill(2)]
    else:
        chosen = [e for e in exercises if wanted in (e.name, e.name[3:])]
    if not chosen:
        names = ", ".join(e.name for e in exercises)
        raise LookupError(f"there is no exercise or chapter called {wanted!r}. "
                          f"The exercises: {names}")
    return chosen
