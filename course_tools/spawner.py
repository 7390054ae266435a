"""The sandbox that starts subjects, as the trusted side sees it: one per test run.

A Spawner launches course_tools.sandbox with a control socket; the sandbox's PID 1 forks a
fresh subject for each test (course_tools.sandbox.serve_subjects) and sweeps up after it.
Capture reads a subject's output with a cap.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from course_tools.sandbox import Limits, Sandbox

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent
SANDBOX_SCRIPT = HERE / "sandbox.py"
RIGS = COURSE / "tests" / "exercises" / "rigs"
OUTPUT_KEPT = 64 * 1024  # bytes of a subject's stdout (and of its stderr) we keep
END_WITHIN = 3.0  # seconds for the sandbox to answer, or to end


class SandboxBroken(AssertionError):
    """The sandbox could not start a subject."""


class Capture:
    """Read a pipe in a thread; keep the first OUTPUT_KEPT bytes, count the rest."""

    def __init__(self, pipe, name):
        self.pipe, self.kept, self.dropped = pipe, bytearray(), 0
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._read, name=f"capture-{name}", daemon=True)
        self.thread.start()

    def _read(self):
        while chunk := os.read(self.pipe.fileno(), 65536):  # blocking
            with self.changed:
                room = OUTPUT_KEPT - len(self.kept)
                self.kept += chunk[:max(room, 0)]
                self.dropped += max(len(chunk) - max(room, 0), 0)
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for(self, marker, within):
        with self.changed:
            return self.changed.wait_for(lambda: marker in self.kept or self.dropped
                                         or not self.thread.is_alive(), within)

    def text(self, without=()):
        """What was kept, as text, with each byte string in without cut out."""
        with self.changed:
            data = bytes(self.kept)
            for piece in without:
                data = data.replace(piece, b"")
            dropped = self.dropped
        text = data.decode("utf-8", errors="replace")
        if dropped:
            text += f"\n[... {dropped} more bytes of output were dropped]\n"
        return text


# --- the subject ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def available_isolation():
    """"namespaces" when this machine can build the sandbox, else why not (checked once)."""
    try:
        answer = subprocess.run([sys.executable, "-I", "-S", str(SANDBOX_SCRIPT), "--probe"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as error:
        answer = f"the sandbox could not be tried: {error}"
    return answer or "the sandbox could not be tried"


def shown_folders():
    """What the subject may read besides the system: Python itself and the course's package."""
    folders = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.base_exec_prefix),
               os.path.dirname(os.path.realpath(sys.executable))}
    return sorted(folders | {str(COURSE / "socketserver_edu"), str(HERE), str(RIGS)})


def subject_environment():
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "TMPDIR": "/tmp", "PYTHONHASHSEED": "0",  # the same set order, the same message
            "MALLOC_ARENA_MAX": "2"}  # threads must not reserve the address space in arenas


class Spawner:
    """A sandbox that starts a fresh subject for each test (course_tools.sandbox.serve_subjects).

    The tests of one run (one student's files) share it: each test gets a process of its
    own, forked from one that has imported Python's modules and the course's package
    already, and when a test ends, every process it started is killed before the next.
    """

    def __init__(self, limits=None, isolation=None):
        self.limits = limits or Limits()
        self.isolation = (isolation or os.environ.get("SOCKETSERVER_EDU_SANDBOX")
                          or ("namespaces" if available_isolation() == "namespaces" else "none"))
        self.process = None
        self.folder = Path(tempfile.mkdtemp(prefix="sse-subject-"))
        self.work = self.folder / "work"
        self._launch()

    def _launch(self):
        root = self.folder / "root"
        for folder in (self.work, root):
            folder.mkdir(parents=True, exist_ok=True)
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = subject_environment()
        box = Sandbox(command=[], work=str(self.work), shown=shown_folders(), env=env,
                      limits=self.limits, isolation=self.isolation, control=theirs.fileno(),
                      path=[str(COURSE)], preload=["socketserver_edu", "course_tools.subject"],
                      entry="course_tools.subject:main")
        python = os.path.realpath(sys.executable)
        with theirs:
            # No -I: then PYTHONHASHSEED (in env, which is all the environment it gets) holds.
            self.process = subprocess.Popen(
                [python, "-s", "-S", "-P", "-B", str(SANDBOX_SCRIPT), box.config(), str(root)],
                env=env, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self.errors = Capture(self.process.stderr, "sandbox")

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def fresh_copy(self, source):
        """Empty the work folder and copy source into it: each test starts from the file alone."""
        for path in self.work.iterdir():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        copy = self.work / source.name
        shutil.copyfile(source, copy)
        return copy

    def _ask(self, request, fds=()):
        """Send a request (with descriptors) to the sandbox's PID 1; its answer, or None."""
        try:
            socket.send_fds(self.control, [json.dumps(request).encode()], list(fds))
            self.control.settimeout(END_WITHIN)
            return json.loads(self.control.recv(65536) or b"null")  # blocking, at most END_WITHIN
        except (OSError, ValueError):
            return None

    def spawn(self, argv, fds):
        """Start a subject with argv and the descriptors (channel, stdout, stderr); its PID there."""
        if self.process is None or self.process.poll() is not None:
            self._stop()
            self._launch()  # the last one died (or was ended for not answering): a new one
        answer = self._ask({"op": "spawn", "argv": argv}, fds)
        if not answer or "pid" not in answer:
            raise SandboxBroken(f"the sandbox could not start your code{self.last_words()}")
        return answer["pid"]

    def end_subjects(self):
        """Kill every process the last test started; if the sandbox does not answer, end it."""
        if self.process is not None and self.process.poll() is None \
                and self._ask({"op": "end"}) is None:
            self._stop()

    def host_pid(self, ns_pid):
        """The PID, seen from here, of the process that is ns_pid in the sandbox."""
        if self.isolation != "namespaces":
            return ns_pid
        for init in children_of(self.process.pid):
            for child in children_of(init):
                with contextlib.suppress(OSError):
                    status = Path(f"/proc/{child}/status").read_text()
                    ids = next(line for line in status.splitlines() if line.startswith("NSpid:"))
                    if ids.split()[-1] == str(ns_pid):
                        return child
        return None

    def last_words(self):
        lines = [line for line in self.errors.text().splitlines() if line.strip()]
        return "".join(f"\n    {line}" for line in lines[-3:])

    def close(self):
        """End the sandbox and remove its folder."""
        self._stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _stop(self):
        """End the sandbox: closing the control socket ends its PID 1, and everything with it."""
        self.control.close()
        if self.process is not None:
            try:
                self.process.wait(END_WITHIN)  # blocking
            except subprocess.TimeoutExpired:
                self.process.send_signal(signal.SIGTERM)  # it kills the sandbox's PID 1
                try:
                    self.process.wait(END_WITHIN)  # blocking
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait()  # blocking
            self.errors.thread.join(END_WITHIN)
            self.errors.pipe.close()
            self.process = None


def children_of(pid):
    """The PIDs of a process's children, from /proc."""
    found = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as file:
                found.extend(int(child) for child in file.read().split())
    return found
