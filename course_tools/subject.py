"""The subject: runs inside the sandbox, loads the student's file, does what the tests ask.

The sandbox's PID 1 (course_tools.sandbox.serve_subjects) forks a child for each test,
which gives up its privileges and calls main() with the channel's descriptor, the
student's file, the rig's file, the course folder and the seconds a load may take.

It loads the student's file and the exercise's rig (the test's workbench: handlers and
small subclasses the tests use), then answers requests, one JSON line each, on the
channel. Nothing here decides anything: this process holds the student's code, so all
it says is data the trusted side weighs, and checks against what it sees itself.

Requests: ``call`` a callable (in the main thread, or ``start`` it in a thread of its
own), ``getattr``, and, answered at once by the channel's own thread even while the
student's code is stuck: ``where`` (what each thread is running), ``mark`` (a line on
stdout and stderr, to know all output before it has arrived) and ``binds`` (sockets
bound to an address that is not loopback).
"""

import faulthandler
import gc
import importlib.util
import ipaddress
import json
import os
import queue
import socket
import sys
import threading
import traceback
import warnings

# Started as a script with -P: our own imports come from the course folder (argv[4]).
if __name__ == "__main__":
    sys.path.insert(0, sys.argv[4])

from course_tools.plaindata import (  # noqa: E402
    Reference, TooBig, decode, encode, exception_data)


class Subject:
    """The objects the trusted side may name, and the channel to it."""

    def __init__(self, channel, exercise_file):
        self.channel = channel
        self.exercise_file = exercise_file
        self.objects = {}  # number -> object, kept alive for the whole run
        self.numbers = {}  # id(object) -> number: one object, one reference
        self.sending = threading.Lock()
        self.main_jobs = queue.Queue()
        self.binds = []  # (family, address) bound to something else than loopback

    def refer(self, obj):
        number = self.numbers.get(id(obj))
        if number is None:
            number = len(self.objects) + 1
            self.objects[number] = obj
            self.numbers[id(obj)] = number
        return Reference(number, type(obj).__name__, callable(obj))

    def resolve(self, reference):
        try:
            return self.objects[reference.number]
        except KeyError:
            raise LookupError(f"no object number {reference.number}") from None

    def send(self, **message):
        try:
            line = encode(message, self.refer)
        except (TooBig, TypeError, ValueError) as error:  # not the student's error: ours to say
            line = encode({"id": message.get("id"), "unsendable": str(error)[:500]})
        with self.sending:
            self.channel.sendall(line.encode("utf-8") + b"\n")

    # --- what went wrong, and where in the student's file ---------------------------------

    def student_frames(self, frames):
        """(function, line) of the frames that are in the student's file, innermost last."""
        return [(frame.name, frame.lineno) for frame in frames
                if frame.filename == self.exercise_file]

    def error_data(self, error):
        data = exception_data(error)
        frames = self.student_frames(traceback.extract_tb(error.__traceback__))
        code = getattr(error, "code", None) if isinstance(error, SystemExit) else None
        if not isinstance(code, (int, type(None))):
            code = str(code)  # what Python prints when it exits with that code
        return {"exception": data, "place": frames[-1] if frames else None, "code": code}

    def where(self):
        """For each thread: its name, and where it is in the student's file (innermost last)."""
        names = {thread.ident: thread.name for thread in threading.enumerate()}
        threads = []
        for ident, frame in sys._current_frames().items():
            stack = traceback.extract_stack(frame)
            innermost = stack[-1]
            threads.append({"thread": names.get(ident, "?"),
                            "student": self.student_frames(stack),
                            "innermost": [os.path.basename(innermost.filename),
                                          innermost.name, innermost.lineno],
                            "functions": [frame.name for frame in stack[-50:]]})
        return threads

    # --- requests ---------------------------------------------------------------------------

    def run(self, request):
        """Carry out a call or getattr request; send its answer."""
        try:
            target = request["target"]
            if request["op"] == "getattr":
                result = getattr(target, request["name"])
            else:
                result = target(*request["args"], **request["kwargs"])
        except BaseException as error:  # noqa: BLE001 -- everything goes back as data
            self.send(id=request["id"], error=self.error_data(error))
            return
        self.send(id=request["id"], ok=result)

    def serve_channel(self):
        """The channel's thread: read requests; answer the quick ones, pass on the others."""
        reader = self.channel.makefile("rb")
        for line in reader:  # blocking
            try:
                request = decode(line.decode("utf-8"), self.resolve)
            except (LookupError, TooBig, TypeError, ValueError) as error:
                self.send(id=json.loads(line).get("id"), error=self.error_data(error))
                continue
            op = request["op"]
            if op == "where":
                self.send(id=request["id"], ok=self.where())
            elif op == "binds":
                self.send(id=request["id"], ok=self.binds)
            elif op == "mark":
                for stream in (sys.stdout, sys.stderr):
                    stream.write(f"\n{request['text']}\n")
                    stream.flush()
                self.send(id=request["id"], ok=None)
            elif op == "leftovers":
                self.send(id=request["id"], ok=leftover_sockets())
            elif op == "start":
                threading.Thread(target=self.run, args=(request,), name=request["thread"],
                                 daemon=True).start()
            else:
                self.main_jobs.put(request)
        # The trusted side has gone: end now, even if the student's code is busy elsewhere.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    def audit(self, event, args):
        """Note every bind to an address that is not loopback (the sandbox reports them)."""
        if event == "socket.bind" and len(args) == 2:
            address = args[1]
            if isinstance(address, tuple) and address and not is_loopback(address[0]):
                self.binds.append([str(address[0]), address[1] if len(address) > 1 else None])


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def leftover_sockets():
    """After a garbage collection: how many sockets are still open here (besides the channel)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()  # unreachable sockets close now, as at the end of a with block
    count = 0
    for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []:
        try:
            count += os.readlink(f"/proc/self/fd/{name}").startswith("socket:")
        except OSError:
            pass
    return count - 1  # the channel


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # as an import would: dataclasses and pickling look there
    spec.loader.exec_module(module)
    return module


def load_error(error, path):
    """What to tell about a student's file that did not load."""
    if isinstance(error, SyntaxError) and error.filename == path:
        return {"kind": "syntax error", "message": error.msg, "line": error.lineno}
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == path]
    kind = "exit" if isinstance(error, SystemExit) else "import error"
    return {"kind": kind, "message": str(exception_data(error)),
            "line": frames[-1].lineno if frames else None}


def main(argv):
    # argv[4], the course folder, is on sys.path already (see the top of this file).
    channel_fd, exercise_file, rig_file = int(argv[1]), argv[2], argv[3]
    load_within = float(argv[5])
    sys.path[1:1] = [os.path.dirname(rig_file)]  # after the course folder
    channel = socket.socket(fileno=channel_fd)
    subject = Subject(channel, exercise_file)
    sys.addaudithook(subject.audit)
    name = os.path.splitext(os.path.basename(exercise_file))[0]
    # A file that hangs while loading: its stack goes to stderr, where the trusted side reads it.
    faulthandler.dump_traceback_later(load_within, exit=False)
    try:
        exercise = load(exercise_file, f"exercise_{name}")
    except BaseException as error:  # noqa: BLE001 -- the trusted side tells the student
        subject.send(loaded=False, problem=load_error(error, exercise_file))
        return
    finally:
        faulthandler.cancel_dump_traceback_later()
    rig = load(rig_file, f"rig_{name}") if os.path.exists(rig_file) else None
    subject.send(loaded=True, exercise=exercise, rig=rig)
    threading.Thread(target=subject.serve_channel, name="channel", daemon=True).start()
    while True:
        subject.run(subject.main_jobs.get())  # blocking


if __name__ == "__main__":
    try:
        main(sys.argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # no waiting for the student's threads: the trusted side is done
