"""Helpers for the notebooks: show real source, draw diagrams, serve in the background.

Notebooks import the package and show its real code with show_source(), so the
course can never drift from the code it teaches.
"""

import contextlib
import inspect
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
