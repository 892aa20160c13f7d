# SPDX-License-Identifier: MIT
"""The roofline of the machine as measured in the input, and where each run sits under it.

The roofs are never assumed: the memory roof is the best bandwidth any triad configuration
reached (bytes_per_rep / median time), the compute roof the best flop rate any matmul
configuration reached (Eigen's vectorised kernel, usually). A configuration's time is the
median of its records' pooled samples (as everywhere: scalelab.plot.uncertainty), so repeated
rounds do not inflate a roof by keeping their luckiest record; the roof carries the CI of
that median as a rate. Without such records that roof is absent and the notes
say so. A run is placed at arithmetic intensity flops_per_rep / bytes_per_rep and performance
flops_per_rep / median time; runs without flops (pi counts integer work) cannot be placed.

A temporally blocked run (params.time_block K > 1: heat advancing K steps per pass over
memory) counts its real traffic, so it sits at K times the intensity of its plain form and
can rise above the bandwidth roof that bounds the plain form; a note says by how much.
"""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

from dataclasses import dataclass, field

from scalelab.plot.grouping import record_samples
from scalelab.plot.loading import MEASURED_STATUSES
from scalelab.plot.uncertainty import time_estimate

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
    time_block: int = 1  # steps per pass over memory (1: not temporally blocked)


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


def time_block_of(record):
    return int((record.get("params") or {}).get("time_block") or 1)


def configuration_rate(group, amount, source):
    """`amount` (bytes or flops) per second of one configuration's records, in 1e9/s, from
    the median of their pooled samples, as a Roof; None without a positive time."""
    samples = [record_samples(r) for r in group]
    pooled = None if any(s is None for s in samples) else [t for s in samples for t in s]
    time = time_estimate(pooled, [r["time"]["median"] for r in group])
    if time.value <= 0:
        return None
    ci = None if time.ci is None or time.ci[0] <= 0 else \
        (amount / time.ci[1] / 1e9, amount / time.ci[0] / 1e9)
    return Roof(value=amount / time.value / 1e9, source=source, ci=ci)


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
        rate = configuration_rate(group, amount, f"{variant} {ranks}x{threads}")
        if rate is not None and (best is None or rate.value > best.value):
            best = rate
    return best


def blocking_notes(records, bandwidth):
    """For each temporally blocked configuration: its intensity against its plain form's, and
    its flop rate against the bandwidth roof that bounds the plain form."""
    configurations = {}
    for record in records:
        bytes_per_rep, flops_per_rep = work_of(record)
        block = time_block_of(record)
        if block > 1 and bytes_per_rep > 0 and flops_per_rep > 0:
            key = (record["variant"], record["ranks"], record["threads"], block, bytes_per_rep,
                   flops_per_rep)
            configurations.setdefault(key, []).append(record)
    notes = []
    for (variant, ranks, threads, block, bytes_per_rep, flops), group in \
            sorted(configurations.items()):
        label = f"{variant} {ranks}x{threads} --time-block {block}"
        rate = configuration_rate(group, flops, label)
        if rate is None:
            continue
        intensity = flops / bytes_per_rep
        plain_roof = bandwidth.value * intensity / block
        ci = f" (95 % CI {rate.ci[0]:.3g}-{rate.ci[1]:.3g})" if rate.ci else \
            f" (n={len(group)}, no CI)"
        notes.append(
            f"{label}: intensity {intensity:.3g} flop/B, {block}x its plain form's "
            f"{intensity / block:.3g}, because the field passes through memory once per "
            f"{block} steps instead of every step; at {rate.value:.3g} GFLOP/s{ci} it runs at "
            f"{rate.value / plain_roof:.2g}x the bound of the plain stencil at the measured "
            f"{bandwidth.value:.3g} GB/s ({plain_roof:.3g} GFLOP/s): the algorithm moved the "
            "bound, not the cores")
    return notes


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
                gflops=flops_per_rep / record["time"]["median"] / 1e9,
                time_block=time_block_of(record)))
        elif flops_per_rep <= 0:
            unplaceable[record["workload"]] = "flops_per_rep is 0 (no floating-point work)"
        else:
            unplaceable[record["workload"]] = "bytes_per_rep is 0 (intensity unbounded)"
    for workload, why in sorted(unplaceable.items()):
        roofline.notes.append(f"{workload} not placed on the roofline: {why}")
    if roofline.bandwidth is not None:
        roofline.notes += blocking_notes(measured, roofline.bandwidth)
    return roofline
