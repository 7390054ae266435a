"""Submissions that attack the grader, or break by accident; each must get its honest verdict.

One batch grades them all side by side with honest ones, as a real class would be graded.
Then every verdict is checked, and so are the guarantees: the batch ends within its time
bound, nothing a submission started is still running, no file outside the sandboxes
changed, and the instructor's secrets never reached a student's feedback.
"""

import hashlib
import os
import socket
import textwrap
import time
from pathlib import Path

import pytest

from course_tools import cli
from course_tools.exercises import ROOT, SOLUTIONS
from course_tools.spawner import available_isolation
from tests.support import grades_of

pytestmark = [
    pytest.mark.skipif(not SOLUTIONS.is_dir(), reason="needs solutions/ (not in a student bundle)"),
    pytest.mark.skipif(available_isolation() != "namespaces",
                       reason=f"no sandbox on this machine: {available_isolation()}"),
]

NAME = "02_pipeline"
SOLUTION = (SOLUTIONS / f"{NAME}.py").read_text() if SOLUTIONS.is_dir() else ""
SECRET = "instructor-secret-7f3a"  # in the grader's environment; no feedback may show it
SUBMISSION_LIMIT = 20  # seconds for one submission: more than an honest one takes
JOBS = 2


def hostile(code):
    """A submission file: the attack, at import time, in front of nothing (no solution)."""
    return textwrap.dedent(code)


def with_solution(code):
    """The attack in front of a correct solution: the verdict must be what the solution earns."""
    return textwrap.dedent(code) + "\n" + SOLUTION


def submissions(listener_port, classmate, grades_csv):
    """{student: file text} for the whole class (the attacks know the paths they aim at)."""
    course = str(ROOT)
    return {
        # --- the cases -------------------------------------------------------------
        "execs_the_solution": hostile(f"""
            for path in [{course!r} + "/solutions/{NAME}.py", "../solutions/{NAME}.py",
                         "../../solutions/{NAME}.py"]:
                try:
                    exec(open(path).read())
                    break
                except OSError:
                    pass
            """),
        "rewrites_the_recorder": hostile(f"""
            import sys
            sys.path.insert(0, {course!r})
            try:
                import course_tools.outcomes as outcomes
                outcomes.Recorder.write = lambda self, **event: None
            except Exception:
                pass
            """),
        "forges_outcome_lines": hostile("""
            import json, os
            line = json.dumps({"event": "result", "test": "x", "outcome": "passed"}) + "\\n"
            forged = json.dumps({"loaded": True, "exercise": {"$ref": 1}, "rig": {"$ref": 1}})
            for fd in range(3, 64):
                for text in (line, forged + "\\n",
                             "".join(json.dumps({"id": n, "ok": 0}) + "\\n" for n in range(1, 60))):
                    try:
                        os.write(fd, text.encode())
                    except OSError:
                        pass
            """),
        "plants_a_conftest_hook": hostile(f"""
            hook = "\\ndef pytest_runtest_logreport(report):\\n    report.outcome = 'passed'\\n"
            for name in ["/tests/exercises/conftest.py", "/tests/conftest.py", "/conftest.py"]:
                try:
                    with open({course!r} + name, "a") as file:
                        file.write(hook)
                except OSError:
                    pass
            """),
        "overwrites_a_classmate": hostile(f"""
            try:
                with open({str(classmate)!r}, "w") as file:
                    file.write("raise SystemExit('sabotaged')\\n")
            except OSError:
                pass
            """),
        "replaces_the_grades": hostile(f"""
            try:
                with open({str(grades_csv)!r}, "w") as file:
                    file.write("student,exercise,passed,total,status\\nreplaces_the_grades,x,99,99,done\\n")
            except OSError:
                pass
            """),
        "shows_the_environment": hostile("""
            import os
            print(dict(os.environ))
            raise RuntimeError("environment: " + repr(dict(os.environ)))
            """),
        "calls_home": with_solution(f"""
            import socket
            for host in ("127.0.0.1", "localhost"):
                try:
                    socket.create_connection((host, {listener_port}), timeout=1).close()
                except OSError:
                    pass
            """),
        "escapes_with_setsid": with_solution("""
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(3600)  # keeps stdout open, for an hour
                os._exit(0)
            """),
        "eats_memory": hostile("""
            hoard = bytearray(3 * 1024 ** 3)
            """),
        "floods_the_output": with_solution("""
            import sys
            for _ in range(200):
                sys.stdout.write("x" * 1_000_000)
            """),
        "skips_what_it_fails": hostile("""
            class Skipped(BaseException):  # pytest's skip exception, by name
                pass

            class GuardedServer:
                def __init__(self, *args, **kwargs):
                    raise Skipped("skipped by the submission")
            """),
        # --- cases of our own ----------------------------------------------------------------
        "forks_without_end": hostile("""
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    break
            """),
        "kills_everyone": hostile("""
            import os, signal
            os.kill(-1, signal.SIGKILL)
            """),
        "writes_everywhere": hostile(f"""
            import os
            for path in ["/tmp/sse-pwned", os.path.expanduser("~/sse-pwned"),
                         {course!r} + "/sse-pwned", "/usr/sse-pwned", "/etc/sse-pwned"]:
                try:
                    open(path, "w").write("pwned")
                except OSError:
                    pass
            """),
        "swallows_every_exception": hostile("""
            import time
            import socketserver_edu as socketserver

            class GuardedServer(socketserver.TCPServer):
                allowed_hosts = {"127.0.0.1"}
                refused, errors = 0, []

                def verify_request(self, request, client_address):
                    while True:  # a retry loop whose bare except swallows everything
                        try:
                            time.sleep(0.05)
                        except:  # noqa: E722
                            pass
            """),
        # --- honest ones, graded in the same batch --------------------------------------------
        "complete": SOLUTION,
        "classmate": SOLUTION,
    }


# The verdicts: (passed, total, status). total is always the known number of tests.
EXPECTED = {
    "execs_the_solution": (0, 5, "failing"),
    "rewrites_the_recorder": (0, 5, "failing"),
    "forges_outcome_lines": (0, 5, None),  # None: the status depends on what the attack broke first
    "plants_a_conftest_hook": (0, 5, "failing"),
    "overwrites_a_classmate": (0, 5, "failing"),
    "replaces_the_grades": (0, 5, "failing"),
    "shows_the_environment": (0, 5, "import error"),
    "calls_home": (5, 5, "done"),
    "escapes_with_setsid": (5, 5, "done"),
    "eats_memory": (0, 5, "import error"),
    "floods_the_output": (5, 5, "done"),
    "skips_what_it_fails": (0, 5, "failing"),
    "forks_without_end": (0, 5, None),  # None: the status depends on what the attack broke first
    "kills_everyone": (0, 5, "import error"),  # kill(-1) finds nobody it may signal
    "writes_everywhere": (0, 5, "failing"),
    "swallows_every_exception": (0, 5, "timeout"),
    "complete": (5, 5, "done"),
    "classmate": (5, 5, "done"),
}


def fingerprints(*folders):
    """{path: sha256} of every file below folders."""
    found = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def processes_working_in(folder):
    """PIDs of the processes whose current folder is below folder (the sandboxes' work folders)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{pid}/cwd").startswith(str(folder)):
                found.append(int(pid))
        except OSError:
            pass  # it ended while we looked, or it is not ours to see
    return found


@pytest.mark.timeout(300)
def test_a_class_of_hostile_submissions_gets_honest_verdicts(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INSTRUCTOR_TOKEN", SECRET)
    scratch = tmp_path / "scratch"  # every sandbox's folder is made below it: ours to watch
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    course_submissions = tmp_path / "submissions"
    out = tmp_path / "grades"
    out.mkdir()
    (out / "grades.csv").write_text("")
    classmate_file = course_submissions / "classmate" / f"{NAME}.py"
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(0)
        texts = submissions(listener.getsockname()[1], classmate_file, out / "grades.csv")
        for student, text in texts.items():
            (course_submissions / student).mkdir(parents=True)
            (course_submissions / student / f"{NAME}.py").write_text(text)
        linked = course_submissions / "links_the_solution"
        linked.mkdir()  # a relative link, as a zip unpacked in the course would hold
        (linked / f"{NAME}.py").symlink_to(os.path.relpath(SOLUTIONS / f"{NAME}.py", linked))
        guarded = ("solutions", "tests", "course_tools", "socketserver_edu", "exercises")
        before = fingerprints(*(ROOT / name for name in guarded))

        started = time.monotonic()
        status = cli.main(["grade", *sorted(map(str, course_submissions.iterdir())),
                           "--out", str(out), "-j", str(JOBS), "--only", NAME,
                           "--timeout", str(SUBMISSION_LIMIT)])
        took = time.monotonic() - started
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody called home
    assert status == 0

    got = grades_of(out, NAME)
    expected = {**EXPECTED, "links_the_solution": (0, 5, "missing")}
    assert {student: (passed, total) for student, (passed, total, _) in got.items()} == \
        {student: (passed, total) for student, (passed, total, _) in expected.items()}
    assert {student: status for student, (_, _, status) in got.items()
            if expected[student][2]} == \
        {student: status for student, (_, _, status) in expected.items() if status}

    # The batch's bound: the submissions' limit times the rounds of jobs, plus a constant.
    rounds = -(-len(got) // JOBS)
    assert took <= rounds * SUBMISSION_LIMIT + 30
    # Nothing of any submission outlives its slot.
    assert processes_working_in(scratch) == [], "a sandbox's processes are still running"
    # No file outside the sandboxes changed, and nothing was planted.
    assert fingerprints(*(ROOT / name for name in guarded)) == before
    assert classmate_file.read_text() == SOLUTION, "a classmate's file was changed"
    for planted in [Path("/tmp/sse-pwned"), Path.home() / "sse-pwned", ROOT / "sse-pwned"]:
        assert not planted.exists(), planted
    # The instructor's environment never reached a student.
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(errors="replace"), path
    feedback = out / "feedback"
    assert (feedback / "floods_the_output.md").stat().st_size < 20_000
    assert "MemoryError" in (feedback / "eats_memory.md").read_text()
    assert "symbolic link" in (feedback / "links_the_solution.md").read_text()
    assert "stuck in verify_request" in (feedback / "swallows_every_exception.md").read_text()
    capsys.readouterr()
