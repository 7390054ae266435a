"""From runs to results: medians, ratios paired round by round, targets, the table."""

import statistics
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the table: a statistic of one variant's metric, maybe a ratio, maybe a target.

    With a reference, the ratio variant/reference is taken run by run (same
    round, same slot: measured next to each other) and its median is reported;
    a target then applies to that ratio. Without one, a target applies to the value.
    """

    variant: str
    metric: str
    statistic: str = "median"  # of the samples: "median", "max", or "tally" (count each distinct value)
    reference: str | None = None
    at_least: float | None = None
    at_most: float | None = None

    def target_text(self, unit):
        """The target as the table shows it, or "-" when there is none."""
        bound = self.at_least if self.at_least is not None else self.at_most
        if bound is None:
            return "-"
        sign = ">=" if self.at_least is not None else "<="
        if self.reference:
            return f"{sign} {bound:g}x"
        return f"{sign} {bound:g}" if unit in ("", "count") else f"{sign} {bound:g} {unit}"

    def meets(self, number):
        """True if number meets the target, False if not, None if there is no target or no number."""
        if number is None or (self.at_least is None and self.at_most is None):
            return None
        if self.at_least is not None and number < self.at_least:
            return False
        return not (self.at_most is not None and number > self.at_most)


def samples(runs, metric):
    """The numbers a metric took over the runs (runs without one are left out)."""
    return [run[metric] for run in runs if isinstance(run.get(metric), (int, float))]


def statistic_of(row, runs):
    """The row's statistic over the runs: a number, a text (for "tally"), or None without samples."""
    if row.statistic == "tally":
        counts = Counter(str(run.get(row.metric)) for run in runs)
        return ", ".join(f"{value} {count}/{len(runs)}" for value, count in counts.most_common())
    values = samples(runs, row.metric)
    if not values:
        return None
    return {"median": statistics.median, "max": max}[row.statistic](values)


def paired_ratios(runs, reference_runs, metric):
    """variant/reference for each pair of runs measured side by side (same round and slot)."""
    reference = {(run["round"], run["slot"]): run.get(metric) for run in reference_runs}
    ratios = []
    for run in runs:
        value, base = run.get(metric), reference.get((run["round"], run["slot"]))
        if isinstance(value, (int, float)) and isinstance(base, (int, float)) and base:
            ratios.append(value / base)
    return ratios


def summarize(scenario, params, runs, check_targets):
    """The scenario's record for the JSON file: its variants with samples and runs, and its rows."""
    variants = {}
    for variant in scenario.variants:
        metrics = {}
        for metric, unit in scenario.metrics.items():
            values = samples(runs[variant], metric)
            metrics[metric] = {"unit": unit, "samples": values,
                               "median": statistics.median(values) if values else None}
        variants[variant] = {"description": scenario.describe(variant), "metrics": metrics,
                             "runs": runs[variant]}
    rows = []
    for row in scenario.rows:
        value = statistic_of(row, runs[row.variant])
        round_ratios = ratio = None
        if row.reference:
            round_ratios = paired_ratios(runs[row.variant], runs[row.reference], row.metric)
            ratio = statistics.median(round_ratios) if round_ratios else None
        unit = scenario.metrics.get(row.metric, "")
        judged = ratio if row.reference else value
        rows.append({
            "variant": row.variant, "metric": row.metric, "unit": unit,
            "statistic": row.statistic, "value": value,
            "reference": row.reference, "ratio": ratio, "round_ratios": round_ratios,
            "target": row.target_text(unit),
            "passed": row.meets(judged) if check_targets and not isinstance(judged, str) else None,
        })
    return {"description": scenario.description, "params": params, "variants": variants,
            "rows": rows}


def number_text(value):
    """A number short enough for a table column."""
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if float(value).is_integer() and abs(value) >= 1:  # counts: threads, connections
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def result_text(row, check_targets):
    if row["target"] == "-":
        return ""
    if not check_targets:
        return "skip"
    return {True: "PASS", False: "FAIL", None: "FAIL (no data)"}[row["passed"]]


def table(records, check_targets):
    """The results as a text table: one line per row of every scenario."""
    header = ("scenario", "variant", "metric", "value", "ratio", "target", "result")
    lines = [header]
    for name, record in records.items():
        for row in record["rows"]:
            metric = row["metric"] if row["statistic"] == "median" else f"{row['metric']} ({row['statistic']})"
            if row["unit"] not in ("", "count") and row["statistic"] != "tally":
                metric += f" [{row['unit']}]"
            ratio = f"{row['ratio']:.2f}x vs {row['reference']}" if row["ratio"] is not None else (
                "n/a" if row["reference"] else "")
            lines.append((name, row["variant"], metric, number_text(row["value"]), ratio,
                          row["target"] if row["target"] != "-" else "", result_text(row, check_targets)))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    text = []
    for number, line in enumerate(lines):
        cells = [cell.rjust(width) if column == 3 else cell.ljust(width)
                 for column, (cell, width) in enumerate(zip(line, widths))]
        text.append("  ".join(cells).rstrip())
        if number == 0:
            text.append("-" * len(text[0]))
    return "\n".join(text)


def missed_targets(records):
    """The rows whose target was checked and missed (or that had no data to check)."""
    return [(name, row) for name, record in records.items() for row in record["rows"]
            if row["target"] != "-" and row["passed"] is not True]
