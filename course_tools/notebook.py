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
