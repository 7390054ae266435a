"""``python -m benchmarks``: run the scenarios, print the table, write the JSON file.

Exit status 0 when every target is met (or --quick, which checks none), 1 when one is missed.
"""

import argparse
import json
import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path
from time import monotonic

from benchmarks.children import ROOT
from benchmarks.report import missed_targets, summarize, table
from benchmarks.scenarios import SCENARIOS

DEFAULT_OUT = ROOT / "bench-results" / "latest.json"
DEFAULT_ROUNDS = 5


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Compare socketserver_edu with the stdlib socketserver on the same load.")
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and one round, targets not checked (for the smoke test)")
    parser.add_argument("--only", action="append", choices=list(SCENARIOS), metavar="SCENARIO",
                        help=f"run only this scenario (repeatable): {', '.join(SCENARIOS)}")
    parser.add_argument("--rounds", type=int, metavar="N",
                        help=f"rounds per scenario (default {DEFAULT_ROUNDS}, 1 with --quick)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="PATH",
                        help="where to write the JSON results (default: bench-results/latest.json)")
    arguments = parser.parse_args(argv)
    if arguments.rounds is not None and arguments.rounds < 1:
        parser.error("--rounds must be at least 1")
    return arguments


def progress(message):
    print(message, file=sys.stderr, flush=True)


def main(argv=None):
    arguments = parse_arguments(argv)
    rounds = arguments.rounds or (1 if arguments.quick else DEFAULT_ROUNDS)
    check_targets = not arguments.quick
    names = list(dict.fromkeys(arguments.only or SCENARIOS))  # in the order given, once each
    began, started = monotonic(), datetime.now(timezone.utc).isoformat(timespec="seconds")
    # Other programs on the machine make the numbers noisy: record how busy it was.
    # (Only before: at the end, the idle crowd's own thousand threads inflate it.)
    load_average = os.getloadavg()
    records = {}
    try:
        for name in names:
            scenario = SCENARIOS[name]
            params = scenario.quick if arguments.quick else scenario.full
            progress(f"== {name}: {scenario.description}")
            runs = scenario.run(params, rounds, progress)
            records[name] = summarize(scenario, params, runs, check_targets)
    except KeyboardInterrupt:
        progress("interrupted: every child process has been stopped; no results written")
        return 130
    missed = missed_targets(records) if check_targets else []
    results = {
        "meta": {"python": platform.python_version(), "platform": platform.platform(),
                 "cpus": os.cpu_count(), "quick": arguments.quick, "rounds": rounds,
                 "started": started, "seconds": round(monotonic() - began, 1),
                 "load_average": load_average,
                 "targets_checked": check_targets, "all_targets_met": not missed},
        "scenarios": records,
    }
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(json.dumps(results, indent=1) + "\n")
    print(table(records, check_targets))
    print(f"\n{len(names)} scenario(s), {rounds} round(s), {results['meta']['seconds']} s, "
          f"load average {load_average[0]:.1f} at the start on {os.cpu_count()} CPUs; "
          f"JSON written to {arguments.out}")
    for name, row in missed:
        print(f"MISSED: {name} {row['variant']} {row['metric']} ({row['statistic']}): "
              f"target {row['target']}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
