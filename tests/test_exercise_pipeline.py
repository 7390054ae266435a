"""The exercise pipeline: stubs come from the solutions, and every exercise's tests bite.

The exercise tests themselves run against the solutions in the normal run (the
default --target), so passing on the solution is proven there; here we prove the
other half: each of those tests fails on the generated stub.
"""

import ast
import importlib.util
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor

import pytest

from course_tools.exercises import (
    EXERCISES, ROOT, SOLUTIONS, TESTS, MarkerError, catalog, expected_stubs, generate, make_stub)

needs_solutions = pytest.mark.skipif(
    not SOLUTIONS.is_dir(), reason="no solutions/ in this copy of the course (a student bundle)")


@needs_solutions
def test_committed_stubs_are_what_the_generator_makes():
    committed = {path.name: path.read_text(encoding="utf-8")
                 for path in EXERCISES.glob("[0-9][0-9]_*.py")}
    assert committed == expected_stubs(), "exercises/ is out of date: run `make exercises`"


@needs_solutions
def test_every_exercise_has_a_solution_a_title_hints_and_tests():
    exercises = catalog()
    assert {e.name for e in exercises} == {p.stem for p in SOLUTIONS.glob("[0-9][0-9]_*.py")}
    for exercise in exercises:
        assert exercise.title, exercise.name
        assert 1 <= len(exercise.hints) <= 3, f"{exercise.name}: give 1 to 3 hints"
        assert exercise.test_file.exists(), f"{exercise.name}: no {exercise.test_file.name}"


# Code in a hint: a backtick, or a Python statement or call written out.
CODE_IN_A_HINT = re.compile(
    r"`|\bself\.\w+\s*(\+?=|\()|\bsuper\(\)|\breturn\s+\w|\w+\([^()]*\)\s*(\.|==|:)|\bdef\s|\bimport\s")


def test_hints_climb_and_none_holds_code():
    """COURSE.md: hint 1 names the idea and a section to reread, hint 2 the approach,
    hint 3 the trap; no hint writes the answer's code."""
    problems = []
    for exercise in catalog():
        if len(exercise.hints) != 3:
            problems.append(f"{exercise.name}: give exactly 3 hints, not {len(exercise.hints)}")
            continue
        if not re.search(r"\b(section|chapter)\b", exercise.hints[0], re.IGNORECASE):
            problems.append(f"{exercise.name}: hint 1 should name the chapter section to reread")
        for number, hint in enumerate(exercise.hints, start=1):
            if found := CODE_IN_A_HINT.search(hint):
                problems.append(f"{exercise.name}: hint {number} holds code: {found.group()!r}")
    assert not problems, "\n".join(problems)


@needs_solutions
def test_every_chapter_has_a_design_exercise():
    """A design exercise asks for a whole class or function: its solution region is at module level."""
    designed = {path.stem[:2] for path in SOLUTIONS.glob("[0-9][0-9]_*.py")
                if re.search(r"^# BEGIN SOLUTION", path.read_text(encoding="utf-8"), re.MULTILINE)}
    chapters = {exercise.chapter for exercise in catalog()}
    assert chapters <= designed, f"these chapters have no design exercise: {sorted(chapters - designed)}"


def test_every_chapter_has_two_to_four_exercises():
    chapters = {}
    for exercise in catalog():
        chapters.setdefault(exercise.chapter, []).append(exercise.name)
    too_few_or_many = {c: names for c, names in chapters.items() if not 2 <= len(names) <= 4}
    assert not too_few_or_many


def test_every_stub_imports_without_running_a_todo(tmp_path):
    """A stub must import, so that its tests can say what is missing or unfinished."""
    for path in EXERCISES.glob("[0-9][0-9]_*.py"):
        spec = importlib.util.spec_from_file_location(f"stub_{path.stem}", path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))


def test_a_stub_keeps_the_todo_and_raises_instead_of_the_answer():
    solution = ("def add(a, b):\n"
                "    # BEGIN SOLUTION\n"
                "    # TODO: return the sum.\n"
                "    total = a + b\n"
                "    # a comment inside the answer goes too\n"
                "    return total\n"
                "    # END SOLUTION\n")
    assert make_stub(solution) == (
        "def add(a, b):\n"
        "    # TODO: return the sum.\n"
        '    raise NotImplementedError("your code goes here: see the TODO above")\n')


def test_a_region_at_module_level_keeps_only_its_todo():
    solution = ("import socket\n"
                "# BEGIN SOLUTION\n"
                "# TODO: write class Greeter, which answers every line with 'hello'.\n"
                "class Greeter:\n"
                "    pass\n"
                "# END SOLUTION\n")
    assert make_stub(solution) == (
        "import socket\n"
        "# TODO: write class Greeter, which answers every line with 'hello'.\n")


@pytest.mark.parametrize("text, problem", [
    ("# END SOLUTION\n", "without BEGIN"),
    ("# BEGIN SOLUTION\nx = 1\n", "never closed"),
    ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n", "inside the region"),
])
def test_unbalanced_markers_are_reported_with_their_line(text, problem):
    with pytest.raises(MarkerError, match=problem):
        make_stub(text, "broken.py")


@needs_solutions
@pytest.mark.timeout(300)
def test_every_exercise_test_fails_on_the_stub(tmp_path):
    stubs = tmp_path / "stubs"
    generate(stubs)
    report = tmp_path / "report.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", str(TESTS), f"--target={stubs}", "-p", "no:xdist",
         "-q", "--no-header", f"--junitxml={report}"],
        cwd=ROOT, capture_output=True, text=True, timeout=280)
    outcomes, tested = {}, set()
    for case in ElementTree.parse(report).iter("testcase"):
        module = case.get("classname").rsplit(".", 1)[-1]  # test_NN_slug
        tested.add(module.removeprefix("test_"))
        # A teardown error alone (something left open) does not make a test bite.
        failed = any(child.tag == "failure" or (child.tag == "error" and not
                     child.get("message", "").startswith("failed on teardown"))
                     for child in case)
        outcomes[f"{module}::{case.get('name')}"] = failed
    assert tested >= {e.name for e in catalog()}, "an exercise has no test that ran"
    passing_on_stub = sorted(name for name, failed in outcomes.items() if not failed)
    assert not passing_on_stub, "these tests pass on the stub, so they check nothing"


MUTANTS = TESTS / "mutants"
MUTANTS_PER_EXERCISE = 4  # at least: the wrong answers students really write (COURSE.md)
FAILED_WITH_A_MESSAGE = re.compile(r"^(FAILED|ERROR) \S+::test_\w+.* - \S", re.MULTILINE)


class StaleMutant(Exception):
    """A mutant's edit no longer matches its solution exactly once."""


def wrong_answer(mutant):
    """The solution with the mutant's EDITS made: [(what the solution says, the wrong version)].

    A mutant is kept as its edits, not as a copy of the solution: when the solution changes,
    an edit that no longer fits says so, instead of a stale copy testing old code.
    """
    tree = ast.parse(mutant.read_text(encoding="utf-8"))
    edits = next(ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) and node.targets[0].id == "EDITS")
    text = (SOLUTIONS / f"{mutant.parent.name}.py").read_text(encoding="utf-8")
    places = []
    for old, new in edits:
        if text.count(old) != 1:
            raise StaleMutant(f"{mutant.parent.name}/{mutant.name}: {old!r} is not in the solution "
                              "exactly once any more: update the mutant")
        places.append((text.index(old), old, new))
    pieces, done = [], 0
    for start, old, new in sorted(places):
        pieces += [text[done:start], new]
        done = start + len(old)
    return "".join(pieces) + text[done:]


def first_failure(mutant, scratch):
    """Run the mutant's exercise tests against it, stopping at the first failure; the output."""
    exercise = mutant.parent.name
    folder = scratch / f"{exercise}-{mutant.stem}"
    folder.mkdir()
    (folder / f"{exercise}.py").write_text(wrong_answer(mutant), encoding="utf-8")
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", str(TESTS / f"test_{exercise}.py"), f"--target={folder}",
         "-x", "-q", "-rfE", "-o", "addopts=", "-p", "no:cacheprovider", "-p", "pytest_timeout"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env=dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", COLUMNS="1000"))  # no cut message
    return finished.returncode, finished.stdout


@pytest.mark.skipif(not MUTANTS.is_dir(), reason="no mutants in this copy (a student bundle)")
def test_every_mutant_says_what_mistake_it_is():
    """A mutant's docstring tells the next author which real mistake it stands for."""
    vague = []
    for mutant in sorted(MUTANTS.glob("[0-9][0-9]_*/*.py")):
        docstring = ast.get_docstring(ast.parse(mutant.read_text(encoding="utf-8"))) or ""
        words = re.findall(r"[A-Za-z_()]+", docstring.split("The solution with these edits")[0])
        if len(words) < 12:  # "A wrong answer to X that students write: no join." says nothing
            vague.append(f"{mutant.parent.name}/{mutant.name}")
    assert not vague, f"say in a sentence or two what each wrong answer does and why: {vague}"


@pytest.mark.skipif(not MUTANTS.is_dir(), reason="no mutants in this copy (a student bundle)")
@pytest.mark.timeout(300)
def test_every_committed_mutant_fails_a_test_of_its_exercise(tmp_path):
    mutants = sorted(MUTANTS.glob("[0-9][0-9]_*/*.py"))
    per_exercise = {e.name: sum(m.parent.name == e.name for m in mutants) for e in catalog()}
    too_few = {name: count for name, count in per_exercise.items() if count < MUTANTS_PER_EXERCISE}
    assert not too_few, f"give each exercise {MUTANTS_PER_EXERCISE} mutants or more: {too_few}"
    with ThreadPoolExecutor(max_workers=2) as pool:  # each run mostly waits on sockets
        outcomes = dict(zip(mutants, pool.map(lambda m: first_failure(m, tmp_path), mutants)))
    survivors = sorted(f"{m.parent.name}/{m.name}" for m, (code, out) in outcomes.items()
                       if code != 1 or not FAILED_WITH_A_MESSAGE.search(out))
    assert not survivors, f"these wrong answers pass their exercise's tests: {survivors}"
