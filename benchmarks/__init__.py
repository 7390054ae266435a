"""Benchmarks: socketserver_edu against the stdlib socketserver, on the same load, in the same run.

Run ``make bench``, or ``python -m benchmarks [--quick] [--only SCENARIO]... [--rounds N]
[--out PATH]``. The speed and memory claims of the project are proven here, never
in timed unit tests. The scenarios (details in scenarios.py):

- persistent: request/reply over 4 persistent connections, requests/s.
  stdlib vs edu ThreadingTCPServer (target: edu >= 0.95x), and a raw-socket baseline.
- per_request: a connection per request from 4 concurrent clients, requests/s.
  stdlib vs edu ThreadingTCPServer (>= 0.95x), edu WorkerPoolTCPServer (>= 2x the
  stdlib ThreadingTCPServer), stdlib vs edu TCPServer.
- shutdown: how long shutdown() takes with an idle serve_forever() at the default
  poll_interval=0.5: stdlib and edu TCPServer (about 0.25 s), edu with
  InstantShutdownMixIn (target: median <= 5 ms, max <= 20 ms).
- idle_crowd: 1,000 idle connections, then one active client's latency, and the
  server's threads and memory: stdlib and edu ThreadingTCPServer, EventDrivenTCPServer
  (target: 1 thread, because the server process runs serve_forever() in its main
  thread), WorkerPoolTCPServer (its workers are all held by the crowd: the active
  client is refused or starves).

How: each server runs in a process of its own and the load generator in another
(servers.py, load.py), on 127.0.0.1 with port 0, a fresh server for every sample.
The variants of a scenario take turns within each round, in an order that flips
every round. A ratio is taken between two samples of the same round and slot,
which ran next to each other; the table shows the median of those ratios. The
server's CPU time per request is recorded too: unlike requests/s, it barely moves
when other programs compete for the machine.

The JSON file (bench-results/latest.json unless --out says otherwise)::

    {
      "meta": {"python": "3.11.7", "platform": "Linux-...", "cpus": 2,
               "quick": false, "rounds": 5, "started": "2026-11-22T18:40:00+00:00",
               "seconds": 160.2, "load_average": [1.0, 0.8, 0.5],  # at the start
               "targets_checked": true, "all_targets_met": true},
      "scenarios": {
        "<scenario>": {
          "description": "what it measures",
          "params": {"clients": 4, ...},             # sizes and timeouts used
          "variants": {
            "<variant>": {
              "description": "socketserver.ThreadingTCPServer",
              "metrics": {
                "<metric>": {"unit": "req/s", "samples": [1.0, ...], "median": 1.0}
              },
              "runs": [{"round": 0, "slot": 0, "<metric>": 1.0, ...}]  # raw, one per sample
            }
          },
          "rows": [{"variant": "edu-threading", "metric": "requests_per_s", "unit": "req/s",
                    "statistic": "median",            # or "max", or "tally" (value is text)
                    "value": 1.0, "reference": "stdlib-threading" or null,
                    "ratio": 0.99 or null, "round_ratios": [0.98, ...] or null,
                    "target": ">= 0.95x" or "-",
                    "passed": true, false, or null (no target, or --quick)}]
        }
      }
    }

Variants: raw-threads, stdlib-threading, edu-threading, stdlib-sync, edu-sync,
edu-pool, edu-pool-wait, edu-evented (servers.py), and edu-instant (scenarios.py).
Metrics: requests_per_s, server_cpu_us, client_cpu_us (throughput); shutdown_ms
(raw runs also hold delay_s); idle_connected, idle_served, idle_waiting,
idle_refused, latency_median_ms, latency_p99_ms, threads, rss_mib, fds (idle
crowd; raw runs also hold outcome, latencies_ms and the state before the crowd).

Exit status: 1 if a target was missed, 0 otherwise (--quick checks no target).
"""
