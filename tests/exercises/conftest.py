"""The exercise tests: each module names its EXERCISE; the `exercise` fixture loads that file
from the folder chosen with --target (solutions, exercises, or a student's folder)."""

import importlib.util
import traceback
from pathlib import Path

import pytest

from course_tools.exercises import EXERCISES, ROOT, SOLUTIONS

# An exercise test that takes longer than this has hung: a stub or a student's code
# waiting forever. It fails as a timeout instead of stopping the run.
EXERCISE_TIMEOUT = 20
# How long a test's client waits for an answer before calling it missing.
ANSWER_WITHIN = 5.0


def pytest_collection_modifyitems(config, items):
    absent = absent_solutions(config)
    for item in items:
        if not Path(item.path).is_relative_to(Path(__file__).parent):
            continue
        if not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(EXERCISE_TIMEOUT))
        if absent:
            item.add_marker(pytest.mark.skip(reason=absent))


def absent_solutions(config):
    """Why the default run cannot test anything here, or None: a student bundle has no solutions/."""
    if config.getoption("--target") == "solutions" and not SOLUTIONS.is_dir():
        return ("no solutions/ in this copy of the course (a student bundle): "
                "check your own files with `socketserver-edu check` (or --target=exercises)")
    return None


def target_folder(config):
    """The folder named by --target."""
    target = config.getoption("--target")
    named = {"solutions": SOLUTIONS, "exercises": EXERCISES}
    return named.get(target) or (ROOT / target if not Path(target).is_absolute() else Path(target))


def load(path):
    """Import an exercise file as a fresh module; a missing or broken file fails the test clearly."""
    if not path.exists():
        pytest.fail(f"{path} does not exist", pytrace=False)
    spec = importlib.util.spec_from_file_location(f"exercise_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        pytest.fail(f"{path.name}, line {error.lineno}: syntax error: {error.msg}", pytrace=False)
    except Exception as error:
        where = traceback.extract_tb(error.__traceback__)[-1]
        pytest.fail(f"{path.name} failed to import: {type(error).__name__}: {error} "
                    f"(line {where.lineno})", pytrace=False)
    return module


@pytest.fixture
def exercise(request):
    """The module under test: the test module's EXERCISE, loaded from the --target folder."""
    return load(target_folder(request.config) / f"{request.module.EXERCISE}.py")
