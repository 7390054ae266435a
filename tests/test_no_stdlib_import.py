"""The package stands on its own: it never imports the stdlib socketserver, and it
exports the same public names."""

import pkgutil
import socketserver
import subprocess
import sys
from pathlib import Path

import pytest

import socketserver_edu

PROJECT = Path(__file__).resolve().parents[1]

# Found on disk, not listed by hand, so a module added later is checked too.
SUBMODULES = sorted(info.name for info in pkgutil.walk_packages(
    socketserver_edu.__path__, prefix="socketserver_edu."))

# Run in a fresh interpreter: this one has imported socketserver already (for the comparisons).
IMPORT_AND_REPORT = """
import importlib, sys
already = "socketserver" in sys.modules
importlib.import_module(sys.argv[1])
print(already, "socketserver" in sys.modules)
"""


def test_the_core_modules_are_discovered():
    core = {"servers", "handlers", "mixins", "combined", "wakeup"}
    assert {f"socketserver_edu.{name}" for name in core} <= set(SUBMODULES)


@pytest.mark.parametrize("module", ["socketserver_edu", *SUBMODULES])
def test_importing_leaves_the_stdlib_socketserver_out(module):
    result = subprocess.run([sys.executable, "-c", IMPORT_AND_REPORT, module], cwd=PROJECT,
                            capture_output=True, text=True, timeout=30)  # blocking
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"], f"{module} imports socketserver"


def test_all_names_exist_once():
    assert len(socketserver_edu.__all__) == len(set(socketserver_edu.__all__))
    for name in socketserver_edu.__all__:
        assert hasattr(socketserver_edu, name), name


def test_all_matches_the_stdlib():
    expected = set(socketserver.__all__)
    if sys.version_info < (3, 12):
        # 3.12 added these two to the stdlib; we offer them on 3.11 as well.
        expected |= {"ForkingUnixStreamServer", "ForkingUnixDatagramServer"}
    assert set(socketserver_edu.__all__) == expected
