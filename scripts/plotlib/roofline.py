# SPDX-License-Identifier: MIT
"""The roofline of the machine as measured in the input, and where each run sits under it.

The roofs are never assumed: the memory roof is the best bandwidth any triad configuration
reached (bytes_per_rep / median time), the compute roof the best flop rate any matmul
configuration reached (Eigen's vectorised kernel, usually). A configuration's time is the
median of its records' pooled samples (as everywhere: plotlib.uncertainty), so repeated
rounds do not inflate a roof by keeping their luckiest record; the roof carries the CI of
that median as a rate. Without such records that roof is absent and the notes
say so. A run is placed at arithmetic intensity flops_per_rep / bytes_per_rep and performance
flops_per_rep / median time; runs without flops (pi counts integer work) cannot be placed.
"""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

from dataclasses import dataclass, field

from plotlib.grouping import record_samples
from plotlib.loading import MEASURED_STATUSES
from plotlib.uncertainty import time_estimate

BANDWIDTH_WORKLOAD = "triad"
COMPUTE_WORKLOAD = "matmul"


@dataclass
class Roof:
    value: float        # GB/s (memory) or GFLOP/s (compute)
    source: str         # the run that reached it, e.g. "triad/openmp 1x2"
    ci: tuple | None = None  # 95 % CI of the rate, from the CI of the median time


@dataclass
class PlacedRun:
    workload: str
    model: str
    label: str
    intensity: float    # flops per byte
    gflops: float


@dataclass
class Roofline:
    bandwidth: Roof | None
    peak: Roof | None
    points: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def available(self):
        return self.bandwidth is not None or self.peak is not None


def work_of(record):
    work = record.get("work") or {}
    return work.get("bytes_per_rep", 0), work.get("flops_per_rep", 0)


def best_rate(records, workload, index):
    """The highest (bytes or flops) per second among a workload's configurations, as a
    Roof."""
    configurations = {}
    for record in records:
        amount = work_of(record)[index]
        if record["workload"] == workload and amount > 0:
            key = (record["variant"], record["ranks"], record["threads"], amount)
            configurations.setdefault(key, []).append(record)
    best = None
    for (variant, ranks, threads, amount), group in configurations.items():
        samples = [record_samples(r) for r in group]
        pooled = None if any(s is None for s in samples) else [t for s in samples for t in s]
        time = time_estimate(pooled, [r["time"]["median"] for r in group])
        if time.value <= 0:
            continue
        rate = amount / time.value / 1e9
        if best is None or rate > best.value:
            ci = None if time.ci is None or time.ci[0] <= 0 else \
                (amount / time.ci[1] / 1e9, amount / time.ci[0] / 1e9)
            best = Roof(value=rate, source=f"{variant} {ranks}x{threads}", ci=ci)
    return best


def build_roofline(records):
    measured = [r for r in records if r["status"] in MEASURED_STATUSES]
    roofline = Roofline(bandwidth=best_rate(measured, BANDWIDTH_WORKLOAD, 0),
                        peak=best_rate(measured, COMPUTE_WORKLOAD, 1))
    if not roofline.available:
        roofline.notes.append(
            f"roofline skipped: no {BANDWIDTH_WORKLOAD} (memory bandwidth) or "
            f"{COMPUTE_WORKLOAD} (compute peak) runs in the input; the roofs are measured, "
            "never assumed")
        return roofline
    if roofline.bandwidth is None:
        roofline.notes.append(f"no {BANDWIDTH_WORKLOAD} runs in the input: memory roof not "
                              "measured, not drawn")
    if roofline.peak is None:
        roofline.notes.append(f"no {COMPUTE_WORKLOAD} runs in the input: compute roof not "
                              "measured, not drawn")
    unplaceable = {}
    for record in measured:
        bytes_per_rep, flops_per_rep = work_of(record)
        if flops_per_rep > 0 and bytes_per_rep > 0 and record["time"]["median"] > 0:
            roofline.points.append(PlacedRun(
                workload=record["workload"], model=record["model"],
                label=f"{record['variant']} {record['ranks']}x{record['threads']}",
                intensity=flops_per_rep / bytes_per_rep,
                gflops=flops_per_rep / record["time"]["median"] / 1e9))
        elif flops_per_rep <= 0:
            unplaceable[record["workload"]] = "flops_per_rep is 0 (no floating-point work)"
        else:
            unplaceable[record["workload"]] = "bytes_per_rep is 0 (intensity unbounded)"
    for workload, why in sorted(unplaceable.items()):
        roofline.notes.append(f"{workload} not placed on the roofline: {why}")
    return roofline
