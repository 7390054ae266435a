"""Helpers for the notebooks: show real source, draw diagrams, serve in the background.

Notebooks import the package and show its real code with show_source(), so the
course can never drift from the code it teaches.
"""

import contextlib
import inspect
import socket
import textwrap
import threading


def show_source(obj):
    """Display the source of a class, function or method as a highlighted code block."""
    from IPython.display import Markdown, display

    code = textwrap.dedent(inspect.getsource(obj))
    display(Markdown(f"```python\n{code}```"))


def show_mermaid(diagram):
    """Display Mermaid text (a sequence diagram from the tracer, say) as a diagram."""
    from IPython.display import Markdown, display

    display(Markdown(f"```mermaid\n{diagram}\n```"))


@contextlib.contextmanager
def running(server, poll_interval=0.05):
    """Serve in a background thread for the duration of the block, then shut down and close.

    shutdown() comes from this thread, not the serving one: from the serving thread
    it would wait for itself forever. A short poll_interval keeps the stdlib's
    shutdown() quick.
    """
    thread = threading.Thread(target=server.serve_forever, args=(poll_interval,),
                              name="serve_forever")
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join()  # blocking
        server.server_close()


@contextlib.contextmanager
def raw_server(serve, timeout=5.0):
    """Run serve(listener) in a thread on a new listening socket; yield its address; join at the end.

    Chapter 01's helper for servers written with bare sockets. The listener is bound to
    127.0.0.1 on a free port and has a timeout, so a client that never comes makes accept()
    fail instead of hang. An exception raised by serve is raised again here, in the caller's
    thread, where it can be seen; in the serving thread it would only be printed.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(timeout)
        failures = []

        def run():
            try:
                serve(listener)
            except Exception as error:  # kept, and raised below in the caller's thread
                failures.append(error)

        thread = threading.Thread(target=run, name="raw_server")
        thread.start()
        try:
            yield listener.getsockname()
        finally:
            thread.join()  # blocking
        if failures:
            raise failures[0]


def run_programs(sources, quiet=1.0, start_within=20.0):
    """Run each Python source in a new process, all at the same time; watch each end.

    Return, for each source in order, (the lines it printed, whether it exited). A program
    may take start_within seconds to print its first line; after that, one that prints
    nothing more and does not exit for quiet seconds counts as still running, and is killed.
    The programs import socketserver_edu from this copy of the course.
    """
    import os
    import queue
    import subprocess
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)  # where socketserver_edu is
    outcomes = [None] * len(sources)

    def watch(number, source):
        child = subprocess.Popen([sys.executable, "-c", source], stdout=subprocess.PIPE,
                                 text=True, env=dict(os.environ, PYTHONPATH=root))
        lines = queue.Queue()  # from the reader thread to us; None: the output has ended

        def read_lines():
            for line in child.stdout:  # blocking
                lines.put(line.strip())
            lines.put(None)

        reader = threading.Thread(target=read_lines)
        reader.start()
        printed, within = [], start_within
        try:
            while (line := lines.get(timeout=within)) is not None:  # blocking
                printed.append(line)
                within = quiet
        except queue.Empty:
            pass  # quiet for too long: stuck somewhere
        try:
            child.wait(quiet)  # blocking
            exited = True
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()  # blocking; reap it
            exited = False
        reader.join()  # blocking
        child.stdout.close()
        outcomes[number] = (printed, exited)

    watchers = [threading.Thread(target=watch, args=(number, source))
                for number, source in enumerate(sources)]
    for watcher in watchers:
        watcher.start()
    for watcher in watchers:
        watcher.join()  # blocking
    return outcomes
