# SPDX-License-Identifier: MIT
"""Warnings about measurements that should not be trusted as they stand, one line per kind,
and flags on the points concerned so the figures can mark them.

- too short: under 10 ms per rep, launch and timer noise are a large part of the time;
- superlinear: the whole 95 % CI of the efficiency above 1 at more than one core (caches):
  real, but no model here explains it; a point estimate above 1 inside the noise is no claim;
- noisy: the CI of the median time wider than 5 % of it either way; no CI at all: said once;
- overlapped foreign load: other processes used more than 10 % of the node's CPUs (or the
  hypervisor stole time) while the configuration ran (scalelab.plot.machine_load);
- weak scaling whose work per core was not constant: the weak efficiency compares unequal work;
- failed, unverified or missing configurations: the curves have holes.
"""

from scalelab.plot import formatting as fmt
from scalelab.plot.machine_load import foreign_load, oversubscribed
from scalelab.plot.uncertainty import NOISY_HALF_WIDTH

SHORT_RUN_SECONDS = 0.010
WORK_TOLERANCE = 0.005       # relative difference in work per core that counts as not constant


def short_runs(points):
    short = [p for p in points if p.time < SHORT_RUN_SECONDS]
    for point in short:
        point.flags.add("short")
    if not short:
        return []
    listed = ", ".join(f"{p.run.label} ({p.time * 1e3:.3g} ms)" for p in short)
    return [f"too short (< {SHORT_RUN_SECONDS * 1e3:.0f} ms per rep; noise dominates, use a "
            f"larger --size): {listed}"]


def superlinear_points(points):
    fast = [p for p in points if p.cores > 1 and p.efficiency.above(1.0)]
    for point in fast:
        point.flags.add("superlinear")
    if not fast:
        return []
    listed = ", ".join(f"{p.run.label} (efficiency {fmt.percent_ci(p.efficiency)})"
                       for p in fast)
    return [f"superlinear (the efficiency's whole 95 % CI above 100 %; caches, outside what "
            f"the models describe): {listed}"]


def noisy_points(points):
    """Wide CIs by configuration, and configurations without a CI (one line each kind)."""
    noisy, without = [], {}
    for point in points:
        time = point.run.time
        if time.ci is None:
            without.setdefault(time.reason, []).append(point.run.label)
        elif time.relative_half_width > NOISY_HALF_WIDTH:
            point.flags.add("noisy")
            noisy.append(f"{point.run.label} (±{fmt.percent(time.relative_half_width)}, "
                         f"n={point.run.n})")
    lines = []
    if noisy:
        lines.append(f"noisy (95 % CI half-width above {fmt.percent(NOISY_HALF_WIDTH)} of the "
                     f"median; more rounds narrow it): {', '.join(noisy)}")
    for reason, labels in without.items():
        lines.append(f"{reason}: {', '.join(labels)}")
    return lines


def oversubscribed_points(points):
    shared = [p for p in points if oversubscribed(p.run)]
    for point in shared:
        point.flags.add("oversubscribed")
    if not shared:
        return []
    return ["oversubscribed (more ranks x threads than the node's CPUs: measures time-sharing, "
            "left out of fits and the verdict): " + ", ".join(p.run.label for p in shared)]


def overlapped_points(points):
    loaded = []
    for point in points:
        share = foreign_load(point.run)
        if share is not None:
            point.flags.add("foreign load")
            loaded.append(f"{point.run.label} ({fmt.percent(share)})")
    if not loaded:
        return []
    return ["overlapped foreign load: this share of the CPUs was used by other processes "
            f"(or stolen by the hypervisor) while the configuration ran: {', '.join(loaded)}"]


def uneven_weak_work(study, points):
    if study.scaling != "weak" or not points:
        return []
    expected = study.size if study.size is not None else points[0].run.size_per_core
    uneven = []
    for point in points:
        work = point.run.size_per_core
        flagged_by_sweep = any((r.get("sweep") or {}).get("work_per_core_constant") is False
                               for r in point.run.records)
        if flagged_by_sweep or abs(work - expected) > WORK_TOLERANCE * expected:
            point.flags.add("work_not_constant")
            uneven.append(f"{point.run.label} ({work:.6g})")
    if not uneven:
        return []
    return [f"work per core not constant (expected {expected:.6g}; weak efficiency compares "
            f"unequal work): {', '.join(uneven)}"]


def failed_runs(study):
    lines = []
    for record in study.failures:
        label = f"{record['model']} {record['ranks']}x{record['threads']}"
        if record["status"] == "failed":
            lines.append(f"failed, not plotted: {label} (exit {record.get('exit_code')}: "
                         f"{record.get('message', 'no message')})")
        else:
            lines.append(f"verification failed, not plotted: {label}")
    return lines


def missing_core_counts(study, series):
    """Core counts some parallel model reached and another has no run at (failed runs are
    already reported as such)."""
    every = sorted({p.cores for s in series for p in s.points})
    failed = {(r["model"], r["cores"]) for r in study.failures}
    lines = []
    for one in series:
        have = {p.cores for p in one.points}
        missing = [c for c in every if c not in have and (one.model, c) not in failed]
        if missing:
            lines.append(f"missing (no record in the input): {one.model} at "
                         f"{', '.join(map(str, missing))} core(s)")
    return lines


def reported_runs(study):
    reported = [run.label for run in study.runs
                if any(r["status"] == "reported" for r in run.records)]
    if not reported:
        return []
    return [f"result wrong on purpose (status reported; timing kept): {', '.join(reported)}"]


def check_study(study, series, references):
    """Every warning of a study, flagging the points concerned."""
    points = [p for s in series for p in s.all_points] + list(references.values())
    return (short_runs(points) + superlinear_points(points) + noisy_points(points)
            + oversubscribed_points(points) + overlapped_points(points)
            + uneven_weak_work(study, points) + failed_runs(study)
            + missing_core_counts(study, series) + reported_runs(study))
