"""The load generator: ``python -m benchmarks.load JOB`` runs one job (JSON) and prints its result (JSON).

The jobs, by "kind":

- persistent: ``clients`` threads, each with one connection, send ``lines`` lines,
  each waiting for its reply. Result: requests per second.
- per_request: ``clients`` threads, each ``requests`` times: connect, send a line,
  read the reply, close. Result: requests per second.
- idle_crowd: open ``crowd`` connections and leave them idle, read the server's
  thread count and memory from /proc, then time ``round_trips`` round trips of
  one more, active client.

Every loop stops at its count or at its deadline (``max_seconds``; for the idle
crowd ``crowd_seconds`` and ``active_seconds``), whichever comes first, and
every read and connect has a timeout.
"""

import json
import math
import os
import socket
import statistics
import sys
import threading
from collections import Counter
from time import monotonic, perf_counter

from benchmarks.children import allow_many_files, die_with_parent, obey_sigint

LOCALHOST = "127.0.0.1"
LINE = b"the quick brown fox jumps over the lazy dog\n"  # one request; the echo is its reply
MAX_REPLY = 64 * 1024  # a reply longer than this is an error, not a memory blow-up
CHUNK = 4096  # bytes asked of each recv(); a larger buffer costs time to allocate on every call


def connect(address, timeout):
    """A TCP connection to address; every later operation on it times out after timeout seconds."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(address)  # blocking
    except BaseException:
        sock.close()
        raise
    return sock


def ask(sock, line):
    """Send one line and return the reply: the bytes up to and including the next newline."""
    sock.sendall(line)
    reply = b""
    while not reply.endswith(b"\n"):
        chunk = sock.recv(CHUNK)  # blocking, up to the socket's timeout
        if not chunk:
            raise ConnectionError("the server closed the connection")
        reply += chunk
        if len(reply) > MAX_REPLY:
            raise ConnectionError("the reply has no end")
    return reply


class Tally:
    """What one client thread did: replies that were right, and failures."""

    def __init__(self):
        self.ok = 0
        self.errors = 0
        self.first_error = None

    def fail(self, error):
        self.errors += 1
        self.first_error = self.first_error or repr(error)


def wait_for_start(start, job):
    """Wait until every client is ready; return the deadline of the run that begins now."""
    start.wait()  # blocking
    return monotonic() + job["max_seconds"]


def persistent_client(address, job, tally, start):
    """One connection: send job["lines"] lines, one at a time, each waiting for its reply."""
    with connect(address, job["timeout"]) as sock:
        deadline = wait_for_start(start, job)
        for _ in range(job["lines"]):
            if monotonic() > deadline:
                return
            if ask(sock, LINE) != LINE:
                raise ConnectionError("wrong reply")
            tally.ok += 1


def per_request_client(address, job, tally, start):
    """job["requests"] times: connect, send one line, read the reply, close."""
    deadline = wait_for_start(start, job)
    for _ in range(job["requests"]):
        if monotonic() > deadline:
            return
        try:
            with connect(address, job["timeout"]) as sock:
                reply = ask(sock, LINE)
        except OSError as error:
            tally.fail(error)
            continue
        if reply == LINE:
            tally.ok += 1
        else:
            tally.fail(ConnectionError(f"wrong reply {reply[:40]!r}"))


def throughput(job, client):
    """Run job["clients"] copies of client at once; return the requests per second they got."""
    address = (LOCALHOST, job["port"])
    count = job["clients"]
    start = threading.Barrier(count + 1, timeout=job["timeout"])
    tallies = [Tally() for _ in range(count)]

    def body(tally):
        try:
            client(address, job, tally, start)
        except (OSError, threading.BrokenBarrierError) as error:
            tally.fail(error)
            start.abort()  # a client that cannot start must not leave the others waiting

    # Daemon threads: on Ctrl-C the process exits without waiting for them.
    threads = [threading.Thread(target=body, args=(tally,), daemon=True) for tally in tallies]
    for thread in threads:
        thread.start()
    deadline = wait_for_start(start, job)  # BrokenBarrierError if a client could not connect
    began, server_began, client_began = perf_counter(), cpu_seconds(job["server_pid"]), cpu_seconds()
    for thread in threads:
        thread.join(max(deadline - monotonic(), 0) + job["timeout"])  # blocking
    seconds = perf_counter() - began
    server_cpu, client_cpu = cpu_seconds(job["server_pid"]) - server_began, cpu_seconds() - client_began
    ok = sum(t.ok for t in tallies)
    errors = sum(t.errors for t in tallies)
    return {
        "requests_per_s": ok / seconds,
        # CPU time per request: what the code costs, apart from waiting for a busy machine.
        "server_cpu_us": server_cpu / ok * 1e6 if ok else None,
        "client_cpu_us": client_cpu / ok * 1e6 if ok else None,
        "requests": ok,
        "errors": errors,
        "first_error": next((t.first_error for t in tallies if t.first_error), None),
        "seconds": seconds,
        "hit_deadline": monotonic() > deadline,
    }


def cpu_seconds(pid="self"):
    """CPU time (user + system) a process has used so far, from /proc (to 1/100 s on Linux)."""
    with open(f"/proc/{pid}/stat") as stat:
        # The command name, in parentheses, may hold spaces: count the fields after it.
        fields = stat.read().rpartition(")")[2].split()
    user, system = int(fields[11]), int(fields[12])
    return (user + system) / os.sysconf("SC_CLK_TCK")


def server_status(pid):
    """The server process's thread count, resident memory (MiB) and open descriptors, from /proc."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value.split()
    return {
        "threads": int(fields["Threads"][0]),
        "rss_mib": int(fields["VmRSS"][0]) / 1024,  # the kernel reports kB
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
    }


def first_answer(sock, timeout):
    """Say one line on a new connection: "served" if it comes back within timeout seconds,
    "refused" if the server answers something else or closes, "waiting" if it says nothing."""
    sock.settimeout(timeout)
    try:
        reply = ask(sock, LINE)
    except TimeoutError:
        return "waiting"
    except OSError:
        return "refused"
    return "served" if reply == LINE else "refused"


def open_crowd(address, job, deadline):
    """Open up to job["crowd"] connections, one line on each; return (the sockets, answer counts).

    While every connection is served, each gets check_timeout seconds to answer.
    Once one is not, the server is saturated and the rest get pace_timeout: long
    enough to hear a refusal, and to keep from flooding the listen backlog,
    where a dropped handshake costs a second. The first connect() that times
    out ends the crowd: the server has stopped accepting.
    """
    crowd = []
    answers = Counter()
    try:
        for _ in range(job["crowd"]):
            if monotonic() > deadline:
                break
            try:
                sock = connect(address, job["connect_timeout"])
            except OSError:
                break
            crowd.append(sock)
            saturated = answers["served"] < len(crowd) - 1
            answers[first_answer(sock, job["pace_timeout" if saturated else "check_timeout"])] += 1
    except BaseException:
        close_all(crowd)
        raise
    return crowd, answers


def close_all(sockets):
    for sock in sockets:
        sock.close()


def time_active_client(address, job, deadline):
    """Time the round trips of one active client; return (outcome, latencies in ms, what went wrong).

    outcome is "ok" (every round trip done), "starved" (no answer within
    active_timeout), "refused" (the server said no, or closed the connection),
    or "cut short" (the job's deadline came first).
    """
    latencies = []
    try:
        with connect(address, job["active_timeout"]) as sock:
            for _ in range(job["round_trips"]):
                if monotonic() > deadline:
                    return "cut short", latencies, "the job's deadline"
                began = perf_counter()
                reply = ask(sock, LINE)
                if reply != LINE:
                    return "refused", latencies, f"reply {reply[:40]!r}"
                latencies.append((perf_counter() - began) * 1000)
    except TimeoutError as error:
        return "starved", latencies, repr(error)
    except OSError as error:
        return "refused", latencies, repr(error)
    return "ok", latencies, None


def percentile(values, fraction):
    """The smallest value with at least fraction of all values at or below it; None if no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def idle_crowd(job):
    """Hold an idle crowd open, read the server's state, then measure an active client beside it."""
    address = (LOCALHOST, job["port"])
    began = monotonic()
    crowd_deadline = began + job["crowd_seconds"]
    before = server_status(job["server_pid"])
    crowd, answers = open_crowd(address, job, crowd_deadline)
    try:
        open_seconds = monotonic() - began
        # Read with the crowd in place and nothing else, so the numbers are the crowd's.
        during = server_status(job["server_pid"])
        active_deadline = monotonic() + job["active_seconds"]
        outcome, latencies, problem = time_active_client(address, job, active_deadline)
    finally:
        close_all(crowd)
    return {
        "idle_connected": len(crowd),
        "idle_served": answers["served"],
        "idle_waiting": answers["waiting"],
        "idle_refused": answers["refused"],
        "open_seconds": open_seconds,
        "outcome": outcome,
        "problem": problem,
        "round_trips": len(latencies),
        "latency_median_ms": statistics.median(latencies) if latencies else None,
        "latency_p99_ms": percentile(latencies, 0.99),
        "latencies_ms": latencies,
        "threads_before": before["threads"],
        "rss_before_mib": before["rss_mib"],
        **during,
    }


def main(job):
    die_with_parent()
    obey_sigint()
    allow_many_files()
    if job["kind"] == "persistent":
        result = throughput(job, persistent_client)
    elif job["kind"] == "per_request":
        result = throughput(job, per_request_client)
    elif job["kind"] == "idle_crowd":
        result = idle_crowd(job)
    else:
        raise ValueError(f"unknown job kind {job['kind']!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    try:
        main(json.loads(sys.argv[1]))
    except KeyboardInterrupt:
        sys.exit(130)
