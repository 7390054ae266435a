"""The exercises: where they live, their hints, and how stubs are made from solutions.

One source of truth: ``solutions/NN_slug.py`` holds the answer, with the parts a
student writes marked like this (inside a function body)::

    def verify_request(self, request, client_address):
        # BEGIN SOLUTION
        # TODO: return True only for clients whose host is in self.allowed_hosts.
        return client_address[0] in self.allowed_hosts
        # END SOLUTION

``exercises/NN_slug.py`` is generated from it (``make exercises``): each marked
region keeps its leading comment lines, the TODO, and the code becomes a
``raise NotImplementedError``. A region at module level (a design exercise, where
the student writes a whole class from a spec) keeps only its TODO: the stub must
still import, and the tests then say which name is missing. Next to each exercise, ``exercises/NN_slug.toml``
holds its title, its place in the chapter (``order``) and 1 to 3 hints. ``NN`` is the
chapter number.
"""

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
TESTS = ROOT / "tests" / "exercises"

BEGIN = re.compile(r"^(?P<indent>\s*)# BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*# END SOLUTION\s*$")
STUB_RAISE = 'raise NotImplementedError("your code goes here: see the TODO above")'


@dataclass(frozen=True)
class Exercise:
    """One exercise: its name (NN_slug), chapter number, title and hints."""

    name: str
    chapter: str
    title: str
    hints: tuple
    order: int = 0  # its place in the chapter

    @property
    def test_file(self):
        return TESTS / f"test_{self.name}.py"

    def file_in(self, folder):
        """This exercise's .py file inside folder (solutions/, exercises/, a student's folder)."""
        return Path(folder) / f"{self.name}.py"


def catalog(folder=EXERCISES):
    """Every exercise, in course order, read from the .toml files in folder."""
    exercises = []
    for path in Path(folder).glob("[0-9][0-9]_*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        exercises.append(Exercise(name=path.stem, chapter=path.stem[:2], title=data["title"],
                                  hints=tuple(data["hints"]), order=data.get("order", 0)))
    return sorted(exercises, key=lambda e: (e.chapter, e.order, e.name))


class MarkerError(ValueError):
    """A solution's BEGIN/END SOLUTION markers do not pair up."""


def make_stub(solution_text, name="<solution>"):
    """The student's version of a solution: each marked region becomes its TODO and a raise."""
    out, region_indent, region_start = [], None, 0
    lines = solution_text.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        begin, end = BEGIN.match(line), END.match(line)
        if region_indent is None:
            if end:
                raise MarkerError(f"{name}:{number}: END SOLUTION without BEGIN SOLUTION")
            if begin:
                region_indent, region_start, in_todo = begin["indent"], number, True
            else:
                out.append(line)
            continue
        if begin:
            raise MarkerError(f"{name}:{number}: BEGIN SOLUTION inside the region "
                              f"that starts at line {region_start}")
        if end:
            if region_indent:  # inside a function; at module level a raise would break import
                out.append(f"{region_indent}{STUB_RAISE}\n")
            region_indent = None
        elif in_todo and line.strip().startswith("#"):
            out.append(line)  # the instructions at the top of the region stay
        else:
            in_todo = False  # the answer: left out
    if region_indent is not None:
        raise MarkerError(f"{name}:{region_start}: BEGIN SOLUTION is never closed")
    return "".join(out)


def expected_stubs(solutions=SOLUTIONS):
    """{file name: stub text} for every solution, as the generator makes them."""
    return {path.name: make_stub(path.read_text(encoding="utf-8"), path.name)
            for path in sorted(Path(solutions).glob("[0-9][0-9]_*.py"))}


def generate(folder=EXERCISES, solutions=SOLUTIONS):
    """Write the stub of every solution into folder; return the names written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stubs = expected_stubs(solutions)
    for name, text in stubs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return list(stubs)


if __name__ == "__main__":
    written = generate(Path(sys.argv[1]) if len(sys.argv) > 1 else EXERCISES)
    print(f"generated {len(written)} exercise stubs")
