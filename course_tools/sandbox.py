"""A sandbox for student code on Linux, without Docker: namespaces, a read-only view, limits.

The trusted side starts this file as a script, ``python -s -S -P sandbox.py CONFIG ROOT``
(CONFIG is JSON, see Sandbox.config; ROOT an empty folder for the new root), with the
descriptors it passes on already open, and only the environment the subject may have.
The script then:

1. leaves the caller's mount, PID and IPC namespaces (and, unless it runs as real root, its
   user namespace too, where it maps itself to "root" to get the right to mount);
2. forks the namespace's first process (PID 1). When PID 1 ends, the kernel kills every
   process left in the namespace: a double fork plus ``setsid()`` cannot escape it;
3. builds a new root on an empty tmpfs: system folders and the course's package read-only,
   the submission's own copy read-write, a fresh ``/tmp`` and a minimal ``/dev``;
   nothing else of the machine (no home folders, no course tree, no ``solutions/``);
4. forks the subject, which gives up every privilege (a user of its own as real root, a
   nested user namespace otherwise), sets its resource limits and runs the command. Or,
   with a control socket, forks a fresh subject for each request and kills every process
   but itself after each (serve_subjects): one sandbox serves a whole test run.

The network is whatever namespace the caller is in: the checker and the grader run the
whole trusted test process in a private one (``--private-network``), so the tests and the
subject share a loopback that reaches nothing else. Where the kernel refuses namespaces,
``isolation`` is "none": limits and a child subreaper still apply, and the caller warns.
"""

import ctypes
import errno
import json
import os
import platform
import resource
import signal
import socket
import struct
import sys
from dataclasses import asdict, dataclass, field

CLONE_NEWNS, CLONE_NEWIPC = 0x00020000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 4, 36, 38
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(platform.machine())
# statvfs flags that a remount inside a user namespace must keep (the kernel locks them).
KEPT_FLAGS = {os.ST_NOSUID: MS_NOSUID, os.ST_NODEV: MS_NODEV, os.ST_NOEXEC: MS_NOEXEC,
              os.ST_NOATIME: MS_NOATIME, os.ST_NODIRATIME: MS_NODIRATIME,
              os.ST_RELATIME: MS_RELATIME}
SYSTEM_FOLDERS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
DEVICES = ("null", "zero", "full", "random", "urandom")
INNER_UID = 1000  # who the subject is inside a nested user namespace
SLOT_UID_BASE = 1_000_000  # as real root, the subject runs as this + the launcher's PID


@dataclass
class Limits:
    """What one subject may use. Instructors change them with the grade command's options."""

    memory_mb: int = 1024  # address space of each process
    cpu_seconds: int = 30  # CPU time of each process
    open_files: int = 256
    file_size_mb: int = 16  # the largest file it may write
    processes: int = 128  # processes and threads together
    tmp_mb: int = 64  # the size of its /tmp


@dataclass
class Sandbox:
    """What the launcher needs: the command, the folders to show, the limits."""

    command: list  # run inside, as the subject
    work: str  # the submission's own copy: read-write, at the same path inside
    shown: list = field(default_factory=list)  # extra folders, read-only, at the same path
    env: dict = field(default_factory=dict)  # the subject's whole environment
    limits: Limits = field(default_factory=Limits)
    isolation: str = "namespaces"  # or "none": limits and reaping only
    parent: int = field(default_factory=os.getpid)  # the trusted process: we die with it
    # Serving many subjects, one after the other (see serve_subjects); command is then unused.
    control: int | None = None  # the descriptor of the control socket
    path: list = field(default_factory=list)  # sys.path entries for what is preloaded
    preload: list = field(default_factory=list)  # modules imported once, before any fork
    entry: str = ""  # "module:function" each subject runs, given the request's argv

    def config(self):
        return json.dumps(asdict(self))


# --- what the kernel allows ------------------------------------------------------------------

libc = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def check(result, what):
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def unshare(flags):
    check(libc.unshare(flags), "unshare")


def mount(source, target, fstype, flags, data=None):
    encode = lambda s: None if s is None else os.fsencode(s)  # noqa: E731
    check(libc.mount(encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags),
                     encode(data)), f"mount {target}")


def prctl(option, value):
    check(libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0), "prctl")


def is_real_root():
    """Root of the machine, not "root" inside a user namespace someone made."""
    if os.geteuid() != 0:
        return False
    try:
        with open("/proc/self/uid_map") as file:
            return file.read().split() == ["0", "0", "4294967295"]
    except OSError:
        return False


def write(path, text):
    with open(path, "w") as file:
        file.write(text)


def map_to_root(uid, gid):
    """In a new user namespace: be root in it, and uid/gid outside."""
    write("/proc/self/setgroups", "deny")
    write("/proc/self/uid_map", f"0 {uid} 1")
    write("/proc/self/gid_map", f"0 {gid} 1")


def private_network():
    """Leave the caller's network namespace for one with a loopback only, and bring it up."""
    uid, gid = os.geteuid(), os.getegid()
    if is_real_root():
        unshare(CLONE_NEWNET)
    else:
        unshare(CLONE_NEWUSER | CLONE_NEWNET)
        map_to_root(uid, gid)
    bring_loopback_up()


def bring_loopback_up():
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    import fcntl  # here: this module also runs where fcntl's ioctl is not needed
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(probe, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


# --- the view of the file system -------------------------------------------------------------

def kept_flags(path):
    flags = os.statvfs(path).f_flag
    return sum(ms for st, ms in KEPT_FLAGS.items() if flags & st)


def mounts_below(path):
    """Mount points at or below path, from /proc/self/mountinfo, shallowest first."""
    points = []
    with open("/proc/self/mountinfo") as file:
        for line in file:
            point = line.split()[4].replace("\\040", " ")
            if point == path or point.startswith(path.rstrip("/") + "/"):
                points.append(point)
    return sorted(points, key=len)


def show_read_only(source, root):
    """Make source visible at the same path under root, read-only (its sub-mounts too)."""
    target = root + source
    if os.path.islink(source):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.lexists(target):
            os.symlink(os.readlink(source), target)
        return
    if not os.path.isdir(source):
        return
    os.makedirs(target, exist_ok=True)
    mount(source, target, None, MS_BIND | MS_REC)
    for point in mounts_below(target):
        mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(point))


def build_root(box, root):
    """Fill the empty folder root with what the subject may see."""
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
    for folder in SYSTEM_FOLDERS:
        show_read_only(folder, root)
    # /tmp first: the work folder usually lives below the caller's /tmp.
    os.makedirs(root + "/tmp")
    mount("tmpfs", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
          f"size={box.limits.tmp_mb}m,mode=1777")
    for folder in box.shown:
        show_read_only(os.path.realpath(folder), root)
    os.makedirs(root + box.work, exist_ok=True)
    mount(box.work, root + box.work, None, MS_BIND | MS_REC)
    os.makedirs(root + "/dev")
    mount("tmpfs", root + "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "size=1m,mode=755")
    for device in DEVICES:
        open(f"{root}/dev/{device}", "w").close()
        mount(f"/dev/{device}", f"{root}/dev/{device}", None, MS_BIND)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{root}/dev/{name}")
    os.makedirs(root + "/dev/shm")
    mount("tmpfs", root + "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=1777")
    os.makedirs(root + "/proc")
    try:  # our own PID namespace's /proc: it shows the sandbox's processes only
        mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError:
        pass  # refused in some containers: Python runs without /proc


def enter_root(root):
    """Make root the file system's root and forget the old one."""
    os.chdir(root)
    if SYS_PIVOT_ROOT is not None:
        check(libc.syscall(SYS_PIVOT_ROOT, b".", b"."), "pivot_root")
        check(libc.umount2(b".", MNT_DETACH), "umount old root")
    else:
        os.chroot(".")
    os.chdir("/")
    mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


# --- the subject -----------------------------------------------------------------------------

def set_limits(limits):
    """Hard limits as well as soft ones: the subject cannot raise them again."""
    mib = 2**20
    for kind, value in ((resource.RLIMIT_AS, limits.memory_mb * mib),
                        (resource.RLIMIT_CPU, limits.cpu_seconds),
                        (resource.RLIMIT_NOFILE, limits.open_files),
                        (resource.RLIMIT_FSIZE, limits.file_size_mb * mib),
                        (resource.RLIMIT_NPROC, limits.processes),
                        (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(kind, (value, value))


def give_up_privileges(real_root, slot_uid):
    if real_root:
        # A user of its own: owns nothing on disk, and RLIMIT_NPROC counts only its processes.
        os.setgroups([])
        os.setresgid(slot_uid, slot_uid, slot_uid)
        os.setresuid(slot_uid, slot_uid, slot_uid)
    else:
        # A nested user namespace: we stop being its "root" at exec, and the read-only
        # mounts, made in the namespace above, are locked for it.
        unshare(CLONE_NEWUSER)
        write("/proc/self/uid_map", f"{INNER_UID} 0 1")
        write("/proc/self/gid_map", f"{INNER_UID} 0 1")
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def become_subject(box, real_root, slot_uid):
    """In a forked child: a session of its own, no privileges, the limits, its folder."""
    os.setsid()
    if box.isolation == "namespaces":
        prctl(PR_SET_DUMPABLE, 1)  # PID 1 is not; we must be, to write our own maps
        give_up_privileges(real_root, slot_uid)
    set_limits(box.limits)
    os.chdir(box.work)


def run_subject(box, real_root, slot_uid):
    """In the forked subject: become it, then exec the command."""
    try:
        become_subject(box, real_root, slot_uid)
        os.execve(box.command[0], box.command, box.env)
    except BaseException as error:  # noqa: BLE001 -- tell the trusted side, then end
        os.write(2, f"sandbox: cannot start the subject: {error}\n".encode())
    os._exit(126)


def serve_subjects(box, real_root, slot_uid):
    """Start a fresh subject for each request on the control socket; sweep up after each.

    Forking a process that has imported Python and the course's package already takes a
    few milliseconds, where a new sandbox and interpreter take a tenth of a second: the
    tests of a run share one sandbox, and each still gets a process of its own.
    Requests: {"op": "spawn", "argv": [...]} with three descriptors attached (the channel,
    stdout, stderr) -> {"pid": N}; {"op": "end"} -> every process but us is killed ->
    {"ended": true}. The end of the control socket ends the sandbox.
    """
    import importlib
    sys.path[:0] = box.path
    for name in box.preload:
        importlib.import_module(name)
    module, _, function = box.entry.partition(":")
    entry = getattr(importlib.import_module(module), function)
    control = socket.socket(fileno=box.control)
    while True:
        try:
            data, fds, _flags, _address = socket.recv_fds(control, 65536, 3)  # blocking
        except OSError:
            break
        if not data:
            break
        request = json.loads(data)
        if request["op"] == "spawn" and len(fds) == 3:
            child = os.fork()
            if child == 0:
                control.close()
                serve_one(box, real_root, slot_uid, fds, request["argv"], entry)
            for fd in fds:
                os.close(fd)
            control.send(json.dumps({"pid": child}).encode())
        elif request["op"] == "end":
            end_every_subject(box)
            control.send(b'{"ended": true}')
        else:
            for fd in fds:
                os.close(fd)
    end_every_subject(box)


def serve_one(box, real_root, slot_uid, fds, argv, entry):
    """The child of serve_subjects: its own output, no privileges, then the entry function."""
    import faulthandler
    import io
    try:
        channel, out, err = fds
        for fd, target in ((out, 1), (err, 2)):
            os.dup2(fd, target)
            os.close(fd)
        # As `python -u` would: each write goes out at once, nothing waits in a buffer.
        sys.stdout, sys.stderr = (io.TextIOWrapper(io.FileIO(fd, "w", closefd=False),
                                                   encoding="utf-8", errors="backslashreplace",
                                                   write_through=True) for fd in (1, 2))
        become_subject(box, real_root, slot_uid)
        os.environ.clear()
        os.environ.update(box.env)
        faulthandler.enable()
        entry([*argv[:1], str(channel), *argv[1:]])
    except BaseException as error:  # noqa: BLE001 -- tell the trusted side, then end
        os.write(2, f"sandbox: the subject failed: {error}\n".encode())
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    os._exit(0)


def end_every_subject(box):
    """Kill every process in the sandbox but us, and reap them all."""
    if box.isolation != "namespaces":
        kill_descendants()  # we are their subreaper; kill(-1) here would reach far too much
        return
    while True:  # bounded: each turn reaps one process, and none can be born after a kill
        try:
            os.kill(-1, signal.SIGKILL)  # as PID 1: every process in our namespace but us
        except ProcessLookupError:
            pass
        try:
            os.waitpid(-1, 0)  # blocking, until the next one has died
        except ChildProcessError:
            return


def reap_until(subject):
    """Wait for every child; return the exit status of subject as a shell would give it."""
    while True:
        try:
            pid, status = os.waitpid(-1, 0)  # blocking
        except ChildProcessError:
            return 1
        if pid == subject:
            return os.waitstatus_to_exitcode(status) % 256 if os.WIFEXITED(status) \
                else 128 + os.WTERMSIG(status)


def kill_descendants():
    """Without namespaces: kill what the subject left behind (we are their subreaper)."""
    me = str(os.getpid())
    for _ in range(50):  # bounded: each round kills and reaps what it found
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as file:
                    if file.read().rsplit(")", 1)[1].split()[1] == me:
                        found.append(int(pid))
            except (OSError, IndexError):
                pass
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def first_process(box, real_root, slot_uid, root):
    """PID 1 of the sandbox: build the view, start the subject, reap, end with it."""
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # the launcher gone: we go, and so does all
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we mount leaks out
    build_root(box, root)
    enter_root(root)
    prctl(PR_SET_DUMPABLE, 0)  # the subject may not read or trace us
    if box.control is not None:
        serve_subjects(box, real_root, slot_uid)
        os._exit(0)
    subject = os.fork()
    if subject == 0:
        run_subject(box, real_root, slot_uid)
    os._exit(reap_until(subject))


def launch(box, root):
    """Start the sandbox described by box; return the subject's exit status."""
    if sys.platform == "linux":
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # the trusted side gone: we go, PID 1 with us
        if os.getppid() != box.parent:
            return 1  # it went before we could ask
    real_root = is_real_root()
    slot_uid = SLOT_UID_BASE + os.getpid()
    if real_root:
        os.chown(box.work, slot_uid, slot_uid)
    if box.isolation == "namespaces":
        uid, gid = os.geteuid(), os.getegid()
        in_user_namespace = os.geteuid() == 0 and not real_root  # "root" made by the caller
        unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC
                | (0 if real_root or in_user_namespace else CLONE_NEWUSER))
        if not (real_root or in_user_namespace):
            map_to_root(uid, gid)
        init = os.fork()
        if init == 0:
            try:
                first_process(box, real_root, slot_uid, root)
            except BaseException as error:  # noqa: BLE001
                os.write(2, f"sandbox: cannot build the sandbox: {error}\n".encode())
                os._exit(125)
        # SIGTERM from the trusted side: take PID 1, and with it everything, down first.
        signal.signal(signal.SIGTERM, lambda *_: os.kill(init, signal.SIGKILL))
        return reap_until(init)
    if hasattr(os, "fork") and sys.platform == "linux":
        prctl(PR_SET_CHILD_SUBREAPER, 1)  # orphans of the subject become ours to kill
    if box.control is not None:
        serve_subjects(box, real_root, slot_uid)
        return 0
    subject = os.fork()
    if subject == 0:
        run_subject(box, real_root, slot_uid)
    signal.signal(signal.SIGTERM, lambda *_: os.kill(subject, signal.SIGKILL))
    status = reap_until(subject)
    if sys.platform == "linux":
        kill_descendants()
    return status


def probe():
    """"namespaces" if this machine lets us build a sandbox, else the reason it does not.

    It tries what a sandbox needs, in a child: the namespaces, and a mount inside them (a
    system may allow the first and refuse the second, as AppArmor's restriction does).
    """
    if sys.platform != "linux":
        return f"no Linux namespaces on {sys.platform}"
    child = os.fork()
    if child == 0:
        try:
            real_root = is_real_root()
            in_user_namespace = os.geteuid() == 0 and not real_root
            uid, gid = os.geteuid(), os.getegid()
            unshare(CLONE_NEWNS | CLONE_NEWPID
                    | (0 if real_root or in_user_namespace else CLONE_NEWUSER))
            if not (real_root or in_user_namespace):
                map_to_root(uid, gid)
            mount(None, "/", None, MS_REC | MS_PRIVATE)
            mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m")
            os._exit(0)
        except OSError:
            os._exit(1)
    _pid, status = os.waitpid(child, 0)
    if status == 0:
        return "namespaces"
    return "the kernel refuses new namespaces or mounts in them here (user namespaces may be disabled)"


def main(argv):
    if argv[1:2] == ["--private-network"]:
        # Run a command (the trusted test process) in a network of its own.
        private_network()
        os.execv(argv[2], argv[2:])
    if argv[1:2] == ["--probe"]:
        print(probe())
        return 0
    data = json.loads(argv[1])
    data["limits"] = Limits(**data["limits"])
    box = Sandbox(**data)
    root = argv[2]  # an empty folder the caller made for the new root
    return launch(box, root)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except OSError as error:
        if error.errno in (errno.EPERM, errno.EINVAL, errno.ENOSYS):
            print(f"sandbox: not allowed here: {error}", file=sys.stderr)
            sys.exit(125)
        raise
