"""The sandbox itself: what code inside it can see, write, reach and leave behind.

Each test runs a small Python program in a sandbox (course_tools.sandbox) and reads what
it printed. As root (here and in CI) the sandbox runs its code as a user of its own; the
non-root path, the one most instructors use, is run as the user nobody with the system's
Python where the machine has both.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from course_tools.spawner import SANDBOX_SCRIPT, available_isolation, shown_folders
from course_tools.sandbox import Limits, Sandbox
from tests.support import ROOT

needs_namespaces = pytest.mark.skipif(available_isolation() != "namespaces",
                                      reason=f"no sandbox here: {available_isolation()}")
PROGRAM_WITHIN = 30  # seconds for one sandboxed program


def run_inside(tmp_path, code, *, isolation="namespaces", limits=None):
    """Run code in a sandbox; return (exit status, what it printed as JSON lines, stderr)."""
    work, root = tmp_path / "work", tmp_path / "root"
    work.mkdir()
    root.mkdir()
    python = os.path.realpath(sys.executable)
    box = Sandbox(command=[python, "-s", "-S", "-c", textwrap.dedent(code)], work=str(work),
                  shown=shown_folders(), env={"PATH": "/usr/bin:/bin", "SANDBOXED": "yes"},
                  limits=limits or Limits(), isolation=isolation)
    finished = subprocess.run([python, "-I", "-S", str(SANDBOX_SCRIPT), box.config(), str(root)],
                              capture_output=True, text=True, timeout=PROGRAM_WITHIN)
    facts = [json.loads(line) for line in finished.stdout.splitlines() if line.startswith("{")]
    return finished.returncode, facts, finished.stderr


LOOK_AROUND = f"""
    import json, os, resource
    def tell(**fact):
        print(json.dumps(fact), flush=True)
    tell(course=sorted(os.listdir({str(ROOT)!r})))
    tell(seen={{path: os.path.exists(path) for path in [
        {str(ROOT / "solutions")!r}, {str(ROOT / "tests" / "conftest.py")!r},
        "/root/.ssh", "/home", "/etc/hostname", "/usr/bin"]}})
    wrote = {{}}
    for path in ["/usr/sse-test", "/etc/sse-test", "/sse-test", os.getcwd() + "/mine", "/tmp/mine"]:
        try:
            with open(path, "w") as file:
                file.write("x")
            wrote[path] = True
        except OSError:
            wrote[path] = False
    tell(wrote=wrote, uid=os.getuid(), env=dict(os.environ), pid=os.getpid(),
         processes=resource.getrlimit(resource.RLIMIT_NPROC)[0],
         memory=resource.getrlimit(resource.RLIMIT_AS)[0])
"""


def facts_of(facts):
    merged = {}
    for fact in facts:
        merged.update(fact)
    return merged


@needs_namespaces
def test_inside_the_sandbox_the_course_is_invisible_and_only_its_folders_writable(tmp_path):
    status, facts, stderr = run_inside(tmp_path, LOOK_AROUND, limits=Limits(processes=77))
    assert status == 0, stderr
    seen = facts_of(facts)
    # Of the course, only the package and the harness's own files (the rigs under tests/).
    assert seen["course"] == ["course_tools", "socketserver_edu", "tests"]
    assert seen["seen"] == {str(ROOT / "solutions"): False,
                            str(ROOT / "tests" / "conftest.py"): False, "/root/.ssh": False,
                            "/home": False, "/etc/hostname": os.path.exists("/etc/hostname"),
                            "/usr/bin": True}
    work = str(tmp_path / "work")
    assert seen["wrote"] == {"/usr/sse-test": False, "/etc/sse-test": False, "/sse-test": False,
                             f"{work}/mine": True, "/tmp/mine": True}
    assert (tmp_path / "work" / "mine").exists(), "its own folder is the real one"
    assert not Path("/tmp/mine").exists(), "its /tmp is its own"
    assert seen["uid"] != 0 and seen["pid"] == 2, "no root, and a PID namespace of its own"
    # Only what the caller gave (Python may add LC_CTYPE itself, PEP 538): no secret of ours.
    assert {key: value for key, value in seen["env"].items() if key != "LC_CTYPE"} == \
        {"PATH": "/usr/bin:/bin", "SANDBOXED": "yes"}
    assert (seen["processes"], seen["memory"]) == (77, Limits().memory_mb * 2**20)


@needs_namespaces
def test_a_process_that_escapes_with_setsid_ends_with_the_sandbox(tmp_path):
    status, facts, stderr = run_inside(tmp_path, """
        import json, os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.chdir(os.environ.get("HOME", "/"))
                time.sleep(600)
            os._exit(0)
        time.sleep(0.2)
        print(json.dumps({"started": True}), flush=True)
        """)
    assert status == 0, stderr
    assert facts == [{"started": True}]
    # The sandbox's PID 1 has ended, and the kernel took every process of it along.
    leftovers = [pid for pid in filter(str.isdigit, os.listdir("/proc"))
                 if Path(f"/proc/{pid}/cmdline").exists()
                 and b"time.sleep(600)" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert leftovers == []


def test_without_namespaces_the_launcher_still_kills_what_escaped(tmp_path):
    seconds = f"{600 + os.getpid() % 1000}.25"  # a sleep no other program runs: ours to find
    status, facts, stderr = run_inside(tmp_path, f"""
        import json, os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv("/bin/sleep", ["sleep", {seconds!r}])
            os._exit(0)
        time.sleep(0.2)
        print(json.dumps({{"started": True}}), flush=True)
        """, isolation="none")
    assert status == 0, stderr
    assert facts == [{"started": True}]
    survivors = subprocess.run(["pgrep", "-f", f"sleep {seconds}"], capture_output=True, text=True)
    assert survivors.stdout.split() == [], "the subreaper should have killed the escaped process"


@needs_namespaces
def test_the_private_network_reaches_nothing_outside_it(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as outside:
        port = outside.getsockname()[1]
        code = textwrap.dedent(f"""
            import socket
            print(sorted(name for _, name in socket.if_nameindex()))
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
                print("reached the outside")
            except OSError:
                print("refused")
            with socket.create_server(("127.0.0.1", 0)) as inside:
                socket.create_connection(inside.getsockname(), timeout=2).close()
                print("loopback works")
            """)
        finished = subprocess.run([sys.executable, "-I", str(SANDBOX_SCRIPT), "--private-network",
                                   sys.executable, "-c", code], capture_output=True, text=True,
                                  timeout=PROGRAM_WITHIN)
    assert finished.stdout.splitlines() == ["['lo']", "refused", "loopback works"], finished.stderr


NOBODY = 65534
SYSTEM_PYTHON = "/usr/bin/python3"


@needs_namespaces
@pytest.mark.skipif(os.geteuid() != 0 or not Path(SYSTEM_PYTHON).exists()
                    or not shutil.which("setpriv"),
                    reason="needs root (to become nobody), setpriv and the system's Python")
def test_as_an_ordinary_user_the_sandbox_uses_user_namespaces():
    # A folder of its own that nobody can reach (pytest's tmp_path is closed to other users).
    folder = Path(tempfile.mkdtemp(prefix="sse-nobody-"))
    try:
        folder.chmod(0o755)
        sandbox_copy = folder / "sandbox.py"  # the course itself may be closed to nobody
        shutil.copy(SANDBOX_SCRIPT, sandbox_copy)
        work, root = folder / "work", folder / "root"
        for made in (work, root):
            made.mkdir()
            os.chown(made, NOBODY, NOBODY)
        code = """
            import json, os, subprocess
            print(json.dumps({"uid": os.getuid(), "pid": os.getpid(),
                              "home": os.path.exists("/home"),
                              "mine": open(os.getcwd() + "/mine", "w").write("x")}), flush=True)
            remount = subprocess.run(["/bin/mount", "-o", "remount,rw", "/usr"],
                                     capture_output=True)
            print(json.dumps({"remount": remount.returncode}), flush=True)
            """
        box = Sandbox(command=[SYSTEM_PYTHON, "-s", "-S", "-c", textwrap.dedent(code)],
                      work=str(work), env={"PATH": "/usr/bin:/bin"})
        finished = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}",
                                   "--clear-groups", SYSTEM_PYTHON, "-I", "-S", str(sandbox_copy),
                                   box.config(), str(root)],
                                  capture_output=True, text=True, timeout=PROGRAM_WITHIN)
        if "not allowed here" in finished.stderr:
            pytest.skip(f"this kernel refuses user namespaces to ordinary users: {finished.stderr}")
        assert finished.returncode == 0, finished.stderr
        facts = facts_of(json.loads(line) for line in finished.stdout.splitlines())
        assert facts["uid"] == 1000 and facts["pid"] == 2 and facts["home"] is False
        assert (work / "mine").read_text() == "x"
        assert facts["remount"] != 0, "a read-only mount must stay read-only"
    finally:
        shutil.rmtree(folder)
