"""Child processes: the server and the load generator each run in a process of their own.

Nothing may outlive a run. The parent stops every child it started, whether the
run ends well, fails or is interrupted (Ctrl-C reaches the children too: they
are in the same process group). And each child asks the kernel to kill it if
the parent dies first, even by SIGKILL, when nobody is left to clean up.
"""

import contextlib
import ctypes
import json
import os
import resource
import select
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository: children import from here
PARENT_PID = "BENCHMARK_PARENT_PID"  # environment variable: who started this child
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
START_PATIENCE = 15.0  # seconds a server may take to print its port
STOP_PATIENCE = 10.0  # seconds a child may take to exit after SIGINT, before SIGKILL


def die_with_parent():
    """In a child: be killed when the parent dies (Linux), and exit now if it has died already."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the parent's own cleanup has to do
    # The parent may have died before prctl() ran; then no signal would ever come.
    expected = os.environ.get(PARENT_PID)
    if expected and os.getppid() != int(expected):
        sys.exit("benchmark child: the parent is gone")


def obey_sigint():
    """In a child: let SIGINT raise KeyboardInterrupt, even if our starter ignored it.

    A shell starts background jobs (``make bench &``, some CI runners) with SIGINT ignored, and
    children inherit that; Python then never installs its handler, and stop() would wait out
    STOP_PATIENCE for every child before killing it.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)


def allow_many_files():
    """Raise this process's limit on open files to the hard limit: the idle crowd needs 1,000+."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def start(module, *args):
    """Start python -m module args... as a child whose stdout we read."""
    environment = dict(os.environ, **{PARENT_PID: str(os.getpid())})
    return subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT, env=environment,
                            stdout=subprocess.PIPE, text=True)


def stop(process):
    """Stop a child: SIGINT, then SIGKILL if it is still there after STOP_PATIENCE. Always reaped."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(STOP_PATIENCE)  # blocking
        except subprocess.TimeoutExpired:
            print(f"benchmark: child {process.args[2:]} ignored SIGINT, killing it", file=sys.stderr)
            process.kill()
            process.wait()  # blocking, briefly: SIGKILL cannot be ignored
    process.stdout.close()


@contextlib.contextmanager
def server_process(variant):
    """Run one server variant in a child process for the block; yield (port, pid)."""
    process = start("benchmarks.servers", variant)
    try:
        ready, _, _ = select.select([process.stdout], [], [], START_PATIENCE)  # blocking
        line = process.stdout.readline() if ready else ""
        if not line.strip().isdigit():
            raise RuntimeError(f"server {variant!r} did not report its port (got {line!r})")
        yield int(line), process.pid
    finally:
        stop(process)


def run_load(job, patience):
    """Run the load generator on job (a dict) in a child process; return its result (a dict)."""
    process = start("benchmarks.load", json.dumps(job))
    try:
        output, _ = process.communicate(timeout=patience)  # blocking
    finally:
        stop(process)  # after a timeout or Ctrl-C; a no-op when it has exited
    if process.returncode != 0:
        raise RuntimeError(f"load generator failed on {job['kind']} (exit status {process.returncode})")
    return json.loads(output)
