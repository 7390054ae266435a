"""The benchmark runs end to end: `python -m benchmarks --quick` writes every scenario and variant.

No timing is asserted: speed is what the benchmark reports, not what a test checks.
"""

import json
import subprocess
import sys

from benchmarks.scenarios import SCENARIOS
from tests.support import ROOT

QUICK_RUN_PATIENCE = 50.0  # seconds; the quick run takes about 7

# Run the benchmark as a background job would be: with SIGINT ignored, which its children inherit.
# They must still stop at once when the benchmark sends them SIGINT.
AS_BACKGROUND_JOB = ("import runpy, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
                     "sys.argv[0] = 'benchmarks'; runpy.run_module('benchmarks', run_name='__main__')")


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def test_quick_benchmark_writes_every_scenario_and_variant(tmp_path):
    out = tmp_path / "bench.json"
    finished = subprocess.run([sys.executable, "-c", AS_BACKGROUND_JOB, "--quick", "--out", str(out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=QUICK_RUN_PATIENCE)
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "ignored SIGINT" not in finished.stderr, finished.stderr[-3000:]
    results = json.loads(out.read_text())

    assert results["meta"]["quick"] is True
    assert set(results["scenarios"]) == set(SCENARIOS)
    for name, scenario in SCENARIOS.items():
        record = results["scenarios"][name]
        assert set(record["variants"]) == set(scenario.variants), name
        for variant, data in record["variants"].items():
            assert data["runs"], (name, variant)
            first_metric = next(iter(scenario.metrics))  # the one the scenario is about
            assert is_number(data["metrics"][first_metric]["median"]), (name, variant)
        assert record["rows"] and all(row["passed"] is None for row in record["rows"])

    crowd = results["scenarios"]["idle_crowd"]["variants"]
    for variant, data in crowd.items():
        for metric in ("threads", "rss_mib", "idle_served"):
            assert is_number(data["metrics"][metric]["median"]), (variant, metric)
        run = data["runs"][0]
        assert run["outcome"] in ("ok", "starved", "refused", "cut short"), variant
        if run["outcome"] == "ok":
            assert is_number(data["metrics"]["latency_median_ms"]["median"]), variant
    assert crowd["edu-evented"]["runs"][0]["outcome"] == "ok"
    assert "edu-threading" in finished.stdout  # the table went to stdout
