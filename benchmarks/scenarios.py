"""The four scenarios: what is compared, on which load, and against which targets.

Every scenario measures its variants in rounds. Within a round each variant is
measured once per slot, one after the other, and the order flips every round,
so a machine that slows down or speeds up during the run favours nobody.
"""

import random
import socketserver
import sys
import threading
from dataclasses import dataclass, field
from time import perf_counter
from typing import Callable

import socketserver_edu
from benchmarks.children import run_load, server_process
from benchmarks.report import Row, number_text
from benchmarks.servers import LOCALHOST, VARIANTS
from socketserver_edu.wakeup import InstantShutdownMixIn


@dataclass
class Scenario:
    """A comparison: variants measured on the same load, metrics, and the rows of the table."""

    name: str
    description: str
    variants: list
    metrics: dict  # metric -> unit
    rows: list
    measure: Callable  # measure(variant, params) -> one run: a dict with the metrics and raw data
    full: dict  # the sizes and timeouts of a full run
    quick: dict  # tiny ones, for the smoke test
    shown: tuple = ()  # what the progress line shows of each run
    extra_descriptions: dict = field(default_factory=dict)

    def describe(self, variant):
        return self.extra_descriptions.get(variant) or VARIANTS[variant]

    def run(self, params, rounds, progress):
        """Measure every variant rounds x slots times, alternating; return {variant: [run, ...]}."""
        runs = {variant: [] for variant in self.variants}
        slots = params.get("slots", 1)
        for round_number in range(rounds):
            order = self.variants if round_number % 2 == 0 else self.variants[::-1]
            for slot in range(slots):
                for variant in order:
                    run = self.measure(variant, params)
                    run.update(round=round_number, slot=slot)
                    runs[variant].append(run)
                    shown = ", ".join(f"{key} {number_text(run.get(key))}" for key in self.shown)
                    progress(f"{self.name} round {round_number + 1}/{rounds} slot {slot + 1}/{slots} "
                             f"{variant}: {shown}")
        return runs


# --- 1 and 2: throughput, server and load in processes of their own -----------------------

def throughput(kind):
    """A measure() that runs the load generator's job kind against a fresh server process."""

    def measure(variant, params):
        with server_process(variant) as (port, pid):
            job = dict(params, kind=kind, port=port, server_pid=pid)
            run = run_load(job, patience=params["max_seconds"] + 30)
        if run["errors"]:
            print(f"  {variant}: {run['errors']} failed requests, first: {run['first_error']}",
                  file=sys.stderr)
        return run

    return measure


THROUGHPUT_METRICS = {
    "requests_per_s": "req/s",  # the target metric
    "server_cpu_us": "us/req",  # the server process's CPU time per request: evidence, no target
    "client_cpu_us": "us/req",  # the load generator's, to see whether it was the bottleneck
}

PERSISTENT = Scenario(
    name="persistent",
    description="Request/reply over persistent connections: each client sends a line and waits "
                "for its echo, again and again. Throughput in requests per second.",
    variants=["stdlib-threading", "edu-threading", "raw-threads"],
    metrics=THROUGHPUT_METRICS,
    rows=[
        Row("stdlib-threading", "requests_per_s"),
        Row("edu-threading", "requests_per_s", reference="stdlib-threading", at_least=0.95),
        Row("raw-threads", "requests_per_s", reference="stdlib-threading"),
        Row("stdlib-threading", "server_cpu_us"),
        Row("edu-threading", "server_cpu_us", reference="stdlib-threading"),
        Row("raw-threads", "server_cpu_us", reference="stdlib-threading"),
    ],
    measure=throughput("persistent"),
    # A sample ends after max_seconds or its count, whichever comes first: about a second each.
    full={"clients": 4, "lines": 50_000, "timeout": 5.0, "max_seconds": 1.0},
    quick={"clients": 4, "lines": 20, "timeout": 5.0, "max_seconds": 10.0},
    shown=("requests_per_s", "server_cpu_us"),
)

PER_REQUEST = Scenario(
    name="per_request",
    description="A connection per request: concurrent clients connect, send a line, read the "
                "echo, close. Throughput in requests per second.",
    variants=["stdlib-threading", "edu-threading", "edu-pool", "stdlib-sync", "edu-sync"],
    metrics=THROUGHPUT_METRICS,
    rows=[
        Row("stdlib-threading", "requests_per_s"),
        Row("edu-threading", "requests_per_s", reference="stdlib-threading", at_least=0.95),
        Row("edu-pool", "requests_per_s", reference="stdlib-threading", at_least=2.0),
        Row("edu-pool", "requests_per_s", reference="edu-threading"),
        Row("stdlib-sync", "requests_per_s"),
        Row("edu-sync", "requests_per_s", reference="stdlib-sync"),
        Row("stdlib-threading", "server_cpu_us"),
        Row("edu-threading", "server_cpu_us", reference="stdlib-threading"),
        Row("edu-pool", "server_cpu_us", reference="stdlib-threading"),
        Row("stdlib-sync", "server_cpu_us"),
        Row("edu-sync", "server_cpu_us", reference="stdlib-sync"),
    ],
    measure=throughput("per_request"),
    # At most 12,000 connections a sample: well inside the 28,000 ephemeral ports left in TIME_WAIT.
    full={"clients": 4, "requests": 3000, "timeout": 5.0, "max_seconds": 1.0},
    quick={"clients": 4, "requests": 10, "timeout": 5.0, "max_seconds": 10.0},
    shown=("requests_per_s", "server_cpu_us"),
)


# --- 3: shutdown latency, in this process: no load, only an idle loop ----------------------

class InstantTCPServer(InstantShutdownMixIn, socketserver_edu.TCPServer):
    pass


SHUTDOWN_SERVERS = {
    "stdlib-sync": (socketserver.TCPServer, socketserver.BaseRequestHandler),
    "edu-sync": (socketserver_edu.TCPServer, socketserver_edu.BaseRequestHandler),
    "edu-instant": (InstantTCPServer, socketserver_edu.BaseRequestHandler),
}
DEFAULT_POLL_INTERVAL = 0.5  # serve_forever()'s default, in both packages


def seconds_taken(call, patience):
    """How long call() takes; RuntimeError if it has not returned after patience seconds."""
    taken = []

    def timed():
        began = perf_counter()
        call()
        taken.append(perf_counter() - began)

    # A daemon thread, so that a shutdown() that never returns cannot keep the program alive.
    helper = threading.Thread(target=timed, daemon=True)
    helper.start()
    helper.join(patience)  # blocking
    if not taken:
        raise RuntimeError(f"{call.__qualname__} did not return within {patience} s")
    return taken[0]


def measure_shutdown(variant, params):
    """Time shutdown() of an idle serve_forever(), called at a random point of its poll cycle."""
    server_class, handler_class = SHUTDOWN_SERVERS[variant]
    delay = random.uniform(0, DEFAULT_POLL_INTERVAL)
    with server_class((LOCALHOST, 0), handler_class) as server:
        serving = threading.Thread(target=server.serve_forever, daemon=True)  # default poll_interval
        serving.start()
        # A deliberate random wait, not a synchronisation: it spreads the samples over the poll cycle.
        threading.Event().wait(delay)  # blocking
        seconds = seconds_taken(server.shutdown, params["patience"])
        serving.join(params["patience"])  # blocking
    return {"delay_s": delay, "shutdown_ms": seconds * 1000}


SHUTDOWN = Scenario(
    name="shutdown",
    description="Shutdown latency: the time shutdown() takes to return while an idle "
                "serve_forever() runs with the default poll_interval=0.5, called at a random "
                "point of the poll cycle. Measured in the benchmark process itself.",
    variants=list(SHUTDOWN_SERVERS),
    metrics={"shutdown_ms": "ms"},
    rows=[
        Row("stdlib-sync", "shutdown_ms"),
        Row("stdlib-sync", "shutdown_ms", statistic="max"),
        Row("edu-sync", "shutdown_ms", reference="stdlib-sync"),
        Row("edu-instant", "shutdown_ms", at_most=5.0),
        Row("edu-instant", "shutdown_ms", statistic="max", at_most=20.0),
    ],
    measure=measure_shutdown,
    full={"slots": 5, "patience": 10.0},
    quick={"slots": 1, "patience": 10.0},
    shown=("shutdown_ms",),
    extra_descriptions={"edu-instant": "InstantShutdownMixIn + socketserver_edu.TCPServer"},
)


# --- 4: an idle crowd next to one active client -------------------------------------------

def measure_idle_crowd(variant, params):
    """Run the idle-crowd job against a fresh server process of the variant."""
    with server_process(variant) as (port, pid):
        job = dict(params, kind="idle_crowd", port=port, server_pid=pid)
        return run_load(job, patience=params["crowd_seconds"] + params["active_seconds"] + 30)


def idle_crowd_rows(variant, reference="stdlib-threading"):
    """The table rows for one variant of the idle crowd; ratios against the reference."""
    other = None if variant == reference else reference
    crowd = [Row(variant, "idle_served")]
    if variant.startswith("edu-pool"):  # only a pool leaves some of the crowd unserved
        crowd += [Row(variant, "idle_waiting"), Row(variant, "idle_refused")]
    return [
        Row(variant, "outcome", statistic="tally"),
        *crowd,
        Row(variant, "latency_median_ms", reference=other),
        Row(variant, "latency_p99_ms", reference=other),
        Row(variant, "threads", at_most=1 if variant == "edu-evented" else None),
        Row(variant, "rss_mib", reference=other),
    ]


IDLE_CROWD_VARIANTS = ["stdlib-threading", "edu-threading", "edu-evented", "edu-pool", "edu-pool-wait"]

IDLE_CROWD = Scenario(
    name="idle_crowd",
    description="An idle crowd: open many connections that then say nothing, and time the round "
                "trips of one more, active client beside them; read the server process's thread "
                "count and resident memory from /proc. The server runs serve_forever() in its "
                "main thread, so 1 thread means the loop alone.",
    variants=IDLE_CROWD_VARIANTS,
    metrics={"idle_connected": "count", "idle_served": "count",
             "idle_waiting": "count", "idle_refused": "count",
             "latency_median_ms": "ms", "latency_p99_ms": "ms",
             "threads": "count", "rss_mib": "MiB", "fds": "count"},
    rows=[row for variant in IDLE_CROWD_VARIANTS for row in idle_crowd_rows(variant)],
    measure=measure_idle_crowd,
    # connect_timeout outlasts one dropped handshake (the kernel retries after 1 s).
    full={"crowd": 1000, "round_trips": 200, "connect_timeout": 1.5, "check_timeout": 0.5,
          "pace_timeout": 0.05, "active_timeout": 1.5, "crowd_seconds": 20.0,
          "active_seconds": 10.0},
    quick={"crowd": 20, "round_trips": 10, "connect_timeout": 1.5, "check_timeout": 0.3,
           "pace_timeout": 0.05, "active_timeout": 0.5, "crowd_seconds": 10.0,
           "active_seconds": 5.0},
    shown=("outcome", "idle_served", "threads", "rss_mib", "latency_median_ms"),
)


SCENARIOS = {scenario.name: scenario for scenario in (PERSISTENT, PER_REQUEST, SHUTDOWN, IDLE_CROWD)}
