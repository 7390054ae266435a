"""The trusted side of an exercise test: the student's file runs elsewhere; we only look.

A test gets a Subject: the student's file loaded in a fresh sandboxed process
(course_tools.sandbox, course_tools.subject). The test talks to the student's servers
over real sockets, exactly as a client would, and reaches into that process only
through a narrow channel of plain data (course_tools.plaindata)::

    with subject.exercise.GuardedServer(("127.0.0.1", 0), subject.rig.Echo) as server:
        client = socket.create_connection(server.server_address)   # a real connection
        server.handle_request()                                     # runs over there
        assert server.refused == 0                                  # a number comes back

``subject.exercise`` is the student's module and ``subject.rig`` the exercise's rig
(``tests/exercises/rigs/NN_slug.py``: handlers and helpers that run beside the
student's code); both are Remote objects, and so is anything that is not plain data.
Every value that comes back is the student's word only: a test uses it together with
what its own sockets saw, so that faking the value would cost as much as the work.
Nothing the student's code does can change a verdict: assertions run here.
"""

import builtins
import contextlib
import itertools
import json
import os
import re
import secrets
import socket
import sys
import threading
from pathlib import Path

from course_tools import plaindata
from course_tools.sandbox import Limits
from course_tools.spawner import COURSE, END_WITHIN, RIGS, Capture, Spawner

LOAD_WITHIN = 5.0  # seconds for the student's file to load
CALL_WITHIN = 3.0  # seconds for a call into the student's code, unless a test says otherwise


class Stuck(AssertionError):
    """The student's code did not return in time. The message says where it was."""

    def __init__(self, message, place=None):
        super().__init__(message)
        self.place = place  # (function, line) in the student's file, or None


class SubjectGone(AssertionError):
    """The subject's process ended, or broke the channel, while a test still needed it."""


class Unreadable(AssertionError):
    """The student's code returned a value too large or too deep to cross the channel."""


class LoadFailed(Exception):
    """The student's file did not load: kind is "syntax error", "import error", "exit", "stuck"."""

    def __init__(self, kind, message, line=None):
        super().__init__(message)
        self.kind, self.line = kind, line


class RemoteExit(Exception):
    """The student's code raised SystemExit; code is its exit status (or message)."""

    def __init__(self, code, place=None):
        super().__init__(f"SystemExit({code!r})")
        self.code, self.place = code, place


def rebuilt(cls, data):
    """cls made from data's message, or None when cls needs other arguments (UnicodeDecodeError)."""
    try:
        if issubclass(cls, OSError) and data.errno:  # keep errno; the message holds it already
            return cls(data.errno, re.sub(r"^\[Errno \d+\] ", "", data.message))
        return cls(data.message)
    except TypeError:
        return None


def builtin_exception(data, place):
    """The exception to raise here for one raised there: the nearest built-in class, never theirs."""
    error = None
    for name in data.types:  # nearest first
        cls = getattr(builtins, name, None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            error = rebuilt(cls, data)
            if error is not None:
                break
    if error is None:
        cls, error = Exception, Exception(data.message)
    where = f" (in {place[0]}, line {place[1]} of your file)" if place else ""
    if data.type != cls.__name__ or where:
        error.add_note(f"raised by your code: {data.type}{where}")
    error.remote, error.place = data, place
    return error


# --- objects that stay in the subject ---------------------------------------------------------

class Remote:
    """An object in the subject's process. Attributes and calls go there; data comes back."""

    __slots__ = ("_subject", "_reference", "_label")

    def __init__(self, subject, reference, label):
        object.__setattr__(self, "_subject", subject)
        object.__setattr__(self, "_reference", reference)
        object.__setattr__(self, "_label", label)

    def __getattr__(self, name):
        return self._subject.get(self, name)

    def __setattr__(self, name, value):
        raise AttributeError(f"{self._label} lives in your code's process: set attributes there")

    def __call__(self, *args, **kwargs):
        return self._subject.call(self, *args, **kwargs)

    def __enter__(self):
        entered = self._subject.get(self, "__enter__")()
        return self if entered == self else entered

    def __exit__(self, exc_type, *exc_info):
        # After a failure, or once stuck, the sandbox's end cleans up: the first failure shows.
        if exc_type is None and self._subject.usable():
            self._subject.get(self, "__exit__")(None, None, None)
        return False

    def __eq__(self, other):
        return (isinstance(other, Remote) and other._subject is self._subject
                and other._reference.number == self._reference.number)

    def __hash__(self):
        return hash((id(self._subject), self._reference.number))

    def __repr__(self):
        return f"<{self._label} in your code's process>"


class Started:
    """A call running in a thread of its own in the subject (Subject.start)."""

    def __init__(self, subject, number, label, thread):
        self.subject, self.number, self.label, self.thread = subject, number, label, thread

    def __repr__(self):  # the same on every run: pytest prints it in a failed assert
        return f"<{self.label} in thread {self.thread!r}>"

    @property
    def done(self):
        return self.subject.answered(self.number)

    def join(self, within):
        """Wait at most within seconds; True if the call has returned (or raised)."""
        return self.subject.wait_for(self.number, within)

    def result(self, within=CALL_WITHIN):
        """Its return value; its exception raised here; Stuck if it has not returned in time."""
        return self.subject.outcome(self.number, within, self.label, self.thread)


class Subject:
    """One student's exercise file, loaded in a fresh process in a sandbox, driven from here."""

    def __init__(self, exercise_file, *, rig_file=None, limits=None, isolation=None,
                 spawner=None):
        self.source = Path(exercise_file)
        self.name = self.source.stem
        self.rig_file = Path(rig_file) if rig_file else RIGS / f"{self.name}.py"
        self.limits, self.isolation = limits, isolation  # for a sandbox of its own
        self.numbers = itertools.count(1)
        self.answers = {}  # request number -> the decoded answer
        self.changed = threading.Condition()
        self.stuck_in = None  # the label of a call that never returned: later calls fail fast
        self._marks = []  # the end-of-output markers written so far (see output())
        self.gone = False
        self.spawner = spawner  # the sandbox that starts us; None: we make one of our own
        self.own_spawner = None

    # --- starting and ending ------------------------------------------------------------------

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def _start(self):
        if self.source.is_symlink() or not self.source.is_file():
            raise LoadFailed("missing", f"{self.source.name} is not a regular file")
        if self.spawner is None:  # a sandbox of its own, for this subject alone
            self.spawner = self.own_spawner = Spawner(self.limits, self.isolation)
        self.file = self.spawner.fresh_copy(self.source)
        ours, theirs = socket.socketpair()
        self.channel = ours
        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        try:
            argv = ["subject", str(self.file), str(self.rig_file), str(COURSE),
                    str(LOAD_WITHIN - 0.5)]
            self.ns_pid = self.spawner.spawn(argv, [theirs.fileno(), out_write, err_write])
        finally:
            theirs.close()
            os.close(out_write)
            os.close(err_write)
            self.stdout_capture = Capture(open(out_read, "rb", buffering=0), "stdout")
            self.stderr_capture = Capture(open(err_read, "rb", buffering=0), "stderr")
            self.reader = threading.Thread(target=self._read_channel, name="channel",
                                           daemon=True)
            self.reader.start()
        first = self._await(0, LOAD_WITHIN)
        if first is None:
            self._load_stuck()
        if not first.get("loaded"):
            problem = first.get("problem") or {}
            raise LoadFailed(problem.get("kind", "import error"), problem.get("message", ""),
                             problem.get("line"))
        self.exercise = Remote(self, first["exercise"], f"{self.name}.py")
        self.rig = Remote(self, first["rig"], "the rig") if first.get("rig") else None

    def _load_stuck(self):
        if self.gone:
            raise LoadFailed("exit", f"the process ended while loading {self.source.name}"
                             f"{self.last_words()}")
        # faulthandler printed the stack just before our limit: find the student's line.
        self.stderr_capture.wait_for(b"most recent call first", 1.0)
        pattern = rf'File "{re.escape(str(self.file))}", line (\d+) in (\S+)'
        found = re.search(pattern, self.stderr_capture.text())
        where = f": it is stuck in {found[2]}, line {found[1]}" if found else ""
        raise LoadFailed("stuck", f"{self.source.name} did not finish loading within "
                         f"{LOAD_WITHIN:g} s{where}", int(found[1]) if found else None)

    def close(self):
        """End the subject and everything it started; wait until they have ended."""
        channel = getattr(self, "channel", None)
        if channel is not None:
            with contextlib.suppress(OSError):
                channel.shutdown(socket.SHUT_RDWR)  # the subject reads the end, and exits
            channel.close()
        if self.spawner is not None:
            self.spawner.end_subjects()  # every process of this test, escaped ones too
        for capture in (getattr(self, "stdout_capture", None), getattr(self, "stderr_capture", None)):
            if capture is not None:
                capture.thread.join(END_WITHIN)
                capture.pipe.close()
        if getattr(self, "reader", None) is not None:
            self.reader.join(END_WITHIN)
        if self.own_spawner is not None:
            self.own_spawner.close()

    # --- the channel --------------------------------------------------------------------------

    def _read_channel(self):
        reader = self.channel.makefile("rb")
        try:
            while True:
                line = reader.readline(plaindata.MAX_MESSAGE + 1)  # blocking
                if not line or not line.endswith(b"\n"):
                    break  # the end, or a message too long to be ours
                message = plaindata.decode(line.decode("utf-8"))  # references stay References
                if not isinstance(message, dict) or not isinstance(message.get("id", 0), int):
                    break
                if "id" not in message and ("loaded" not in message or 0 in self.answers):
                    break  # only the first message comes unasked: someone else is writing here
                with self.changed:
                    self.answers.setdefault(message.get("id", 0), message)  # the first answer counts
                    self.changed.notify_all()
        except (OSError, ValueError, TypeError, KeyError):
            pass  # a broken message: the channel is over
        finally:
            reader.close()
            with self.changed:
                self.gone = True
                self.changed.notify_all()

    def _send(self, **request):
        number = next(self.numbers)
        line = plaindata.encode(dict(request, id=number), self._unwrap) + "\n"
        try:
            self.channel.sendall(line.encode("utf-8"))
        except OSError as error:
            raise SubjectGone(f"the channel to your code's process broke: {error}"
                              f"{self.last_words()}") from None
        return number

    @staticmethod
    def _unwrap(value):
        if isinstance(value, Remote):
            return value._reference
        raise plaindata.TooBig(f"a {type(value).__name__} cannot be sent to your code's process")

    def answered(self, number):
        with self.changed:
            return number in self.answers

    def wait_for(self, number, within):
        with self.changed:
            return self.changed.wait_for(lambda: number in self.answers or self.gone, within)

    def _await(self, number, within):
        """The answer to request number, or None if none came in time (or the subject is gone)."""
        with self.changed:
            self.changed.wait_for(lambda: number in self.answers or self.gone, within)
            return self.answers.get(number)

    def outcome(self, number, within, label, thread="MainThread"):
        """Return what request number returned, raise what it raised, or raise Stuck."""
        try:
            answer = self._await(number, within)
        except BaseException:  # the test's own time limit, say: the call is still running there
            self.stuck_in = label
            raise
        if answer is None:
            if self.gone:
                raise SubjectGone(f"your code's process ended during {label}"
                                  f"{self.last_words()}")
            place = self.stuck_at(thread)
            self.stuck_in = label
            where = f": your code is stuck in {place[0]}, line {place[1]}" if place else ""
            raise Stuck(f"{label} did not return within {within:g} s{where}", place)
        if "unsendable" in answer:
            raise Unreadable(f"{label} gave back something the test cannot read: "
                             f"{answer['unsendable']}")
        if "error" in answer:
            error = answer["error"]
            data, place = error["exception"], error.get("place")
            place = tuple(place) if place else None
            if "SystemExit" in data.types:
                raise RemoteExit(error.get("code"), place)
            raise builtin_exception(data, place)
        return self._wrap(answer.get("ok"), label)

    def _wrap(self, value, label):
        """Turn the references in a value into Remote objects."""
        if isinstance(value, plaindata.Reference):
            return Remote(self, value, value.type_name or label)
        if isinstance(value, list):
            return [self._wrap(item, label) for item in value]
        if isinstance(value, tuple):
            return tuple(self._wrap(item, label) for item in value)
        if isinstance(value, dict):
            return {key: self._wrap(item, label) for key, item in value.items()}
        return value

    def usable(self):
        return self.stuck_in is None and not self.gone

    def _check_usable(self, label):
        """Raise unless the subject can take a call. True: skip the call quietly.

        Cleanup in a `finally:` while a failure is on its way out gets a quiet skip: the
        sandbox's end cleans up, and the failure the student reads stays the first one.
        """
        if not self.usable() and sys.exc_info()[0] is not None:
            return True
        if self.stuck_in is not None:
            raise Stuck(f"{label} was not tried: your code is still stuck in {self.stuck_in}")
        if self.gone:
            raise SubjectGone(f"your code's process had ended before {label}{self.last_words()}")

    # --- what a test uses ---------------------------------------------------------------------

    def get(self, remote, name):
        label = f"{remote._label}.{name}"
        if self._check_usable(label):
            return Remote(self, plaindata.Reference(0), label)  # a stand-in nobody will use
        number = self._send(op="getattr", target=remote, name=name)
        value = self.outcome(number, CALL_WITHIN, label)
        return value if not isinstance(value, Remote) else Remote(self, value._reference, label)

    def call(self, remote, *args, **kwargs):
        """Call remote(*args, **kwargs) in the subject's main thread; wait CALL_WITHIN at most."""
        return self.call_within(CALL_WITHIN, remote, *args, **kwargs)

    def call_within(self, within, remote, *args, **kwargs):
        """The same, waiting at most within seconds."""
        label = f"{remote._label}()"
        if self._check_usable(label):
            return None
        number = self._send(op="call", target=remote, args=list(args), kwargs=kwargs)
        return self.outcome(number, within, label)

    def start(self, remote, *args, thread="worker", **kwargs):
        """Start remote(*args, **kwargs) in a new thread of the subject, named thread."""
        label = f"{remote._label}()"
        self._check_usable(label)
        number = self._send(op="start", target=remote, args=list(args), kwargs=kwargs,
                            thread=thread)
        return Started(self, number, label, thread)

    @contextlib.contextmanager
    def running(self, server, poll_interval=0.01):
        """serve_forever() in a thread of the subject for the block; then shutdown and close.

        A short poll_interval: shutdown() waits up to that long, once per test.
        """
        loop = self.start(server.serve_forever, poll_interval, thread="serve_forever")
        yield server  # after a failure, no cleanup: the sandbox's end does it, the failure shows
        if self.usable():
            server.shutdown()
            loop.result()
            server.server_close()

    @property
    def work(self):
        """The subject's own folder: the same path inside the sandbox and here (Unix sockets go here)."""
        return self.spawner.work

    def hand_over(self, path):
        """Give a file the test made in work to the subject's user (as root the sandbox has its own)."""
        owner = os.stat(self.work)
        os.chown(path, owner.st_uid, owner.st_gid, follow_symlinks=False)

    def pid(self):
        """The process ID, as this process sees it, of the subject (None once it has ended)."""
        return self.spawner.host_pid(self.ns_pid)

    def descriptors(self, kind):
        """The subject's open descriptors of one kind ("socket", "pipe"), seen from here."""
        pid, found = self.pid(), set()
        for name in os.listdir(f"/proc/{pid}/fd") if pid else []:
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/fd/{name}").startswith(f"{kind}:"):
                    found.add(int(name))
        return found

    def where(self):
        """What each thread of the subject runs: [{"thread", "student", "innermost", "functions"}]."""
        if self.gone:
            return []
        number = self._send(op="where")
        answer = self._await(number, 1.0)
        return answer.get("ok", []) if answer else []

    def stuck_at(self, thread=None):
        """(function, line) in the student's file where a thread is, innermost; None if none is.

        The thread named thread first (the one running a call that did not return), then any.
        """
        busy = [(t.get("thread") != thread, t["student"][-1]) for t in self.where()
                if isinstance(t, dict) and t.get("student") and t.get("thread") != "channel"]
        return tuple(min(busy, key=lambda pair: pair[0])[1]) if busy else None

    def _quick(self, op, within=1.0):
        self._check_usable(op)
        number = self._send(op=op)
        answer = self._await(number, within)
        if answer is None or "ok" not in answer:
            raise SubjectGone(f"your code's process did not answer ({op})")
        return answer["ok"]

    def binds(self):
        """Addresses the student's code bound that are not loopback: [[host, port], ...]."""
        return self._quick("binds")

    def leftovers(self):
        """How many sockets the subject still holds after a garbage collection."""
        return self._quick("leftovers", 3.0)

    def output(self):
        """(stdout, stderr) of the subject so far, up to OUTPUT_KEPT bytes each."""
        marker = f"sse-mark-{secrets.token_hex(8)}"
        if not self.gone and self.stuck_in is None:
            number = self._send(op="mark", text=marker)
            self._await(number, 1.0)
            for capture in (self.stdout_capture, self.stderr_capture):
                capture.wait_for(marker.encode(), 1.0)
            self._marks.append(f"\n{marker}\n".encode())
        # Every marker written so far is ours, not the student's output: cut them all.
        return self.stdout_capture.text(self._marks), self.stderr_capture.text(self._marks)

    def last_words(self):
        """The last lines the subject wrote to stderr, to add to a message."""
        lines = [line for line in self.stderr_capture.text().splitlines() if line.strip()]
        return "".join(f"\n    {line}" for line in lines[-3:]) if lines else ""


def limits_from_environment():
    """The limits the runner asked for (SOCKETSERVER_EDU_LIMITS, JSON), else the defaults."""
    text = os.environ.get("SOCKETSERVER_EDU_LIMITS")
    return Limits(**json.loads(text)) if text else Limits()


