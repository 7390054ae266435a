"""A lifecycle tracer: which hook ran, in which thread or process, when, for which client.

Add TracingMixIn first in the bases of any server, run it, then read its tracer::

    class TracedServer(TracingMixIn, ThreadingTCPServer): pass

    with TracedServer(("127.0.0.1", 0), Handler) as server:
        ...                            # serve a few clients
    print(server.tracer.table())       # lane, client, hook: one line per hook call
    server.tracer.timeline()           # a matplotlib Figure: one lane per thread or process
    server.tracer.mermaid()            # the same run as a Mermaid sequence diagram

The events keep the raw facts (times, thread names, PIDs, addresses). Everything
meant for reading (rows, table, for_client, mermaid) names things by role
instead: "server", "thread 1", "child 1", "client 1", numbered in order of first
appearance, so a run prints the same text every time.
"""

import ast
import collections
import dataclasses
import itertools
import os
import threading
from time import monotonic

HANDLER_HOOKS = ("setup", "handle", "finish")


@dataclasses.dataclass(frozen=True)
class Event:
    """One call of one hook: what ran, from when to when (time.monotonic), where, for whom."""

    hook: str
    start: float
    end: float
    thread: str  # the thread's name
    pid: int
    # The client's address; ("unnamed", n) for the n-th client that has none (an unbound Unix
    # socket's address is ''); None where the hook cannot know it.
    client: object


class Tracer:
    """Collect the events of every thread of this process and of every child it forks.

    A forked child has its own copy of memory: what it appends to a list is lost
    when it exits. So a child writes each event as one short line to a pipe, and
    the parent reads the pipe whenever it records or is asked for events.
    """

    def __init__(self):
        self._pid = os.getpid()  # events recorded in any other process go through the pipe
        self._events = []
        self._lock = threading.Lock()
        self._reader, self._writer = os.pipe()
        os.set_blocking(self._reader, False)  # take what is there, never wait for more

    # --- recording ----------------------------------------------------------------------

    def record(self, hook, start, client=None):
        """Record one call of hook that began at start (a time.monotonic()) and ends now."""
        event = Event(hook, start, monotonic(), threading.current_thread().name,
                      os.getpid(), client)
        if event.pid != self._pid:
            # A write to a pipe of at most PIPE_BUF bytes (4096 on Linux) arrives whole,
            # so lines written by children at the same moment never mix. A line is ~150.
            # A Python literal, not JSON: an address comes back as the same tuple.
            line = repr(dataclasses.astuple(event)) + "\n"
            os.write(self._writer, line.encode())  # blocking while the pipe is full
            return
        with self._lock:
            self._drain()  # a full pipe would stall the children: empty it often
            self._events.append(event)

    def call(self, hook, client, function, *args):
        """Return function(*args), recorded as one call of hook for client, even if it raises."""
        start = monotonic()
        try:
            return function(*args)
        finally:
            self.record(hook, start, client)

    def clear(self):
        """Forget the events recorded so far."""
        with self._lock:
            self._drain()
            self._events.clear()

    def close(self):
        """Read what the children left in the pipe, then close it. The events stay readable."""
        with self._lock:
            if self._reader is None:
                return
            self._drain()
            os.close(self._reader)
            os.close(self._writer)
            self._reader = self._writer = None

    def _drain(self):
        # Call with the lock held. Every write was one whole line, so the bytes read
        # until the pipe is empty are whole lines too.
        if self._reader is None:
            return
        data = bytearray()
        while True:
            try:
                chunk = os.read(self._reader, 65536)
            except BlockingIOError:
                break  # empty
            data += chunk
        for line in data.splitlines():
            self._events.append(Event(*ast.literal_eval(line.decode())))

    # --- reading ------------------------------------------------------------------------

    @property
    def events(self):
        """Every Event so far, the children's included, in start order."""
        with self._lock:
            self._drain()
            # On a tie (a coarse clock), the enclosing call, which ends last, goes first.
            return sorted(self._events, key=lambda event: (event.start, -event.end))

    def rows(self):
        """(lane, client, hook) for each event in start order, named by role, never by number."""
        return self._rows(self.events)

    def for_client(self, client):
        """The hooks that ran for one client ("client 1", ...), in start order."""
        return [hook for _lane, name, hook in self.rows() if name == client]

    def table(self):
        """The rows as text, one per line, nested calls indented under their caller."""
        events = self.events
        rows = self._rows(events)
        lane_width = max((len(lane) for lane, _client, _hook in rows), default=0) + 2
        client_width = max((len(client or "-") for _lane, client, _hook in rows), default=0) + 2
        return "\n".join(
            f"{lane:<{lane_width}}{client or '-':<{client_width}}{'  ' * depth}{hook}"
            for (lane, client, hook), depth in zip(rows, _depths(events)))

    def mermaid(self):
        """The run as a Mermaid sequenceDiagram: an arrow per hook call, in start order.

        get_request is an arrow from the client; a hook in a new thread or child
        is an arrow from the server loop that handed the request over; setup,
        handle and finish are arrows to the handler; the rest point at themselves.
        """
        rows = self.rows()
        lanes = list(dict.fromkeys(lane for lane, _client, _hook in rows))
        clients = list(dict.fromkeys(client for _lane, client, _hook in rows if client))
        handler = ["handler"] if any(hook in HANDLER_HOOKS for _lane, _client, hook in rows) else []
        lines = ["sequenceDiagram"]
        lines += [f"    participant {name}" for name in clients + lanes + handler]
        server = lanes[0] if lanes else None
        handed_over = set()  # (lane, client): this lane has already started on this client
        for lane, client, hook in rows:
            if hook == "get_request" and client:
                source, target = client, lane
            elif hook in HANDLER_HOOKS:
                source, target = lane, "handler"
            elif lane != server and (lane, client) not in handed_over:
                source, target = server, lane
            else:
                source, target = lane, lane
            handed_over.add((lane, client))
            lines.append(f"    {source}->>{target}: {hook}")
        return "\n".join(lines)

    def timeline(self, ax=None, title=None):
        """Draw the run: a lane per thread or process, a bar per hook call, a colour per client.

        Returns the matplotlib Figure: ax's, or a new one made without pyplot
        (nothing to close). The handle() bars are the tall, solid ones.
        """
        import matplotlib  # here, not at the top: the servers need no matplotlib
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch

        events = self.events
        rows = self._rows(events)
        lanes = list(dict.fromkeys(lane for lane, _client, _hook in rows))
        clients = list(dict.fromkeys(client for _lane, client, _hook in rows if client))
        if ax is None:
            figure = Figure(figsize=(8, 1 + 0.5 * len(lanes)), layout="constrained")
            ax = figure.subplots()
        palette = matplotlib.colormaps["tab10"].colors
        colours = {client: palette[i % len(palette)] for i, client in enumerate(clients)}
        first = events[0].start if events else 0.0
        for event, (lane, client, hook) in zip(events, rows):
            is_handle = hook == "handle"
            ax.barh(lanes.index(lane), (event.end - event.start) * 1000,
                    left=(event.start - first) * 1000,
                    height=0.6 if is_handle else 0.25,
                    color=colours.get(client, "grey"),
                    alpha=1.0 if is_handle else 0.35,
                    edgecolor="black" if is_handle else "none", linewidth=0.5)
        ax.set_yticks(range(len(lanes)), lanes)
        ax.invert_yaxis()  # the server's lane on top
        ax.set_xlabel("milliseconds since the first event")
        if clients:
            # Beside the lanes, not on them: the last client's bars are usually at the right.
            ax.legend(handles=[Patch(color=colours[c], label=c) for c in clients],
                      loc="upper left", bbox_to_anchor=(1.01, 1.0))
        if title:
            ax.set_title(title)
        return ax.get_figure(root=True)

    def _rows(self, events):
        lanes = self._lane_names(events)
        clients = _client_names(events)
        return [(lanes[(event.pid, event.thread)], clients.get(event.client), event.hook)
                for event in events]

    def _lane_names(self, events):
        """Name each (pid, thread) by its role, numbered in order of first appearance."""
        names = {}
        counts = collections.Counter()
        for event in events:
            lane = (event.pid, event.thread)
            if lane in names:
                continue
            if not names:
                # The first hook of a run (get_request, handle_timeout) runs in the server's loop.
                names[lane] = "server"
                continue
            role = "thread" if event.pid == self._pid else "child"
            counts[role] += 1
            names[lane] = f"{role} {counts[role]}"
        return names


def _client_names(events):
    """Name each client address "client 1", "client 2", ... in order of first appearance."""
    names = {}
    for event in events:
        if event.client is not None and event.client not in names:
            names[event.client] = f"client {len(names) + 1}"
    return names


def _depths(events):
    """For each event, how many calls in its own lane were still running when it started."""
    open_ends = collections.defaultdict(list)  # lane -> end times of open calls, innermost last
    depths = []
    for event in events:
        ends = open_ends[(event.pid, event.thread)]
        while ends and ends[-1] <= event.start:
            ends.pop()
        depths.append(len(ends))
        ends.append(event.end)
    return depths


class TracingMixIn:
    """Record every lifecycle hook call in self.tracer. Put it first in the bases.

    Recorded on the server: get_request, verify_request, process_request,
    finish_request, shutdown_request, close_request, handle_error, handle_timeout;
    on the handler: setup, handle, finish (through a subclass of the handler
    class made here; the class you pass in is left as it was).
    """

    tracer_class = Tracer

    def __init__(self, server_address, RequestHandlerClass, *args, **kwargs):
        # Before super().__init__: if binding fails there, server_close() runs and needs them.
        self.tracer = self.tracer_class()
        # shutdown_request and close_request see only the request: remember its client.
        self._client_of_request = {}  # id(request) -> client address, as recorded
        self._unnamed_clients = itertools.count(1)
        super().__init__(server_address, _traced_handler_class(RequestHandlerClass),
                         *args, **kwargs)

    def server_close(self):
        """Close the server (a forking one reaps its children first), then the tracer's pipe."""
        try:
            super().server_close()
        finally:
            self.tracer.close()

    # --- the hooks, each recorded around the real one ----------------------------------

    def get_request(self):
        start = monotonic()
        request, client_address = super().get_request()  # a failed accept is no request
        # Unix clients that never bound a path all have the address '' (or None): tell them
        # apart by counting them, or every one of them would be "client 1".
        client = client_address or ("unnamed", next(self._unnamed_clients))
        self._client_of_request[id(request)] = client
        self.tracer.record("get_request", start, client)
        return request, client_address

    def traced_client(self, request, client_address=None):
        """The client as the tracer records it: its address, or ("unnamed", n) if it has none."""
        return self._client_of_request.get(id(request), client_address)

    def verify_request(self, request, client_address):
        return self.tracer.call("verify_request", self.traced_client(request, client_address),
                                super().verify_request, request, client_address)

    def process_request(self, request, client_address):
        return self.tracer.call("process_request", self.traced_client(request, client_address),
                                super().process_request, request, client_address)

    def finish_request(self, request, client_address):
        return self.tracer.call("finish_request", self.traced_client(request, client_address),
                                super().finish_request, request, client_address)

    def shutdown_request(self, request):
        return self.tracer.call("shutdown_request", self.traced_client(request),
                                super().shutdown_request, request)

    def close_request(self, request):
        client = self._client_of_request.pop(id(request), None)  # the last hook
        return self.tracer.call("close_request", client, super().close_request, request)

    def handle_error(self, request, client_address):
        return self.tracer.call("handle_error", self.traced_client(request, client_address),
                                super().handle_error, request, client_address)

    def handle_timeout(self):
        return self.tracer.call("handle_timeout", None, super().handle_timeout)


def _traced_handler_class(handler_class):
    """A subclass of handler_class whose setup, handle and finish are recorded."""
    if not isinstance(handler_class, type):
        return handler_class  # a factory (functools.partial, say): no class to extend

    class TracedHandler(handler_class):
        def setup(self):
            return self.server.tracer.call("setup", self._client(), super().setup)

        def handle(self):
            return self.server.tracer.call("handle", self._client(), super().handle)

        def finish(self):
            return self.server.tracer.call("finish", self._client(), super().finish)

        def _client(self):
            return self.server.traced_client(self.request, self.client_address)

    TracedHandler.__name__ = TracedHandler.__qualname__ = f"Traced{handler_class.__name__}"
    return TracedHandler
