# SPDX-License-Identifier: MIT
"""Per-round ratios and their medians. A ratio is only computed between runs of the same
round (nothing is divided by a number measured earlier), and the result is the MEDIAN of the
per-round ratios with their range, so that one disturbed round does not decide it."""

import statistics
from collections import defaultdict

from scalelab.bench.spec import BenchFailure


def key(group, run_name):
    return f"{group}/{run_name}"


def per_round_values(measurements):
    """{round: {key: [values in run order]}} from [{"round", "group", "role", "name", "value"}]."""
    table = defaultdict(lambda: defaultdict(list))
    for m in measurements:
        table[m["round"]][key(m["group"], m["name"])].append(m["value"])
    return table


def bracketed(measurements):
    """{round: {key of ours: ours / mean of the reference runs right before and after it}}
    within its group's sequence of runs."""
    sequences = defaultdict(list)
    for m in measurements:
        sequences[(m["round"], m["group"])].append(m)
    out = defaultdict(dict)
    for (rnd, group), runs in sequences.items():
        for i, m in enumerate(runs):
            if m["role"] != "ours":
                continue
            before = [r["value"] for r in runs[:i] if r["role"] == "ref"][-1:]
            after = [r["value"] for r in runs[i + 1:] if r["role"] == "ref"][:1]
            if before or after:
                out[rnd][key(group, m["name"])] = m["value"] / statistics.mean(before + after)
    return out


def per_round_ratio(ratio, values, brackets):
    """The ratio's value in every round where it can be computed."""
    series = []
    for rnd in sorted(values):
        got = values[rnd]
        if ratio.num not in got:
            continue
        num = statistics.mean(got[ratio.num])
        if ratio.den is None:
            series.append(num)
        elif ratio.den == "ref":
            if ratio.num in brackets.get(rnd, {}):
                series.append(brackets[rnd][ratio.num])
        else:
            dens = ratio.den if isinstance(ratio.den, tuple) else (ratio.den,)
            options = [num / statistics.mean(got[d]) for d in dens if d in got]
            if options:
                series.append(max(options))  # the best of the alternatives in this round
    return series


def summarise(ratios, measurements):
    """[{label, per_round, median, min, max, target, at_most, met}] in the spec's order."""
    values, brackets = per_round_values(measurements), bracketed(measurements)
    out = []
    for ratio in ratios:
        series = per_round_ratio(ratio, values, brackets)
        if not series:
            raise BenchFailure(f"ratio '{ratio.label}': no round measured {ratio.num} and "
                               f"{ratio.den}")
        median = statistics.median(series)
        met = None
        if ratio.target is not None:
            met = median <= ratio.target if ratio.at_most else median >= ratio.target
        out.append({"label": ratio.label, "per_round": series, "median": median,
                    "min": min(series), "max": max(series), "target": ratio.target,
                    "at_most": ratio.at_most, "met": met})
    return out


def run_medians(measurements):
    """{key: {"role", "value", "extras"}}: every run's median value (and extras) over all its
    runs, in the order they first ran."""
    grouped = {}
    for m in measurements:
        entry = grouped.setdefault(key(m["group"], m["name"]),
                                   {"role": m["role"], "unit": m["unit"], "values": [],
                                    "extras": defaultdict(list)})
        entry["values"].append(m["value"])
        for name, x in m["extras"].items():
            entry["extras"][name].append(x)
    return {k: {"role": e["role"], "unit": e["unit"], "median": statistics.median(e["values"]),
                "extras": {n: statistics.median(xs) for n, xs in e["extras"].items()}}
            for k, e in grouped.items()}
