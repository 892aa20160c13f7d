# SPDX-License-Identifier: MIT
"""Peak memory of a study's runs: what going wide costs in memory beside what it buys in time.

Each record carries the peak resident set size of every rank's process (`memory` in
docs/records.md). A run's (configuration's) peak is the sum over its ranks; with several
records of the configuration (repeated runs, sweep rounds), the median of their sums, with
their count n. No fit: the figure and table show what was measured. Threads share one copy of
the data, ranks each hold their own: at equal cores, the sum over ranks separates them. The
workload's declared allocation (`memory.declared_bytes`, the memory pre-check's estimate)
stands beside the measured peak, so the model can be read against the truth. Records written
before the apps recorded memory have none; the study then says so instead of showing it.
"""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

from dataclasses import dataclass

from scalelab.plot.tables import point_rows
from scalelab.records import declared_memory, peak_memory
from scalelab.stats import median


@dataclass
class RunMemory:
    """The peak memory of one configuration (grouping.Run) of a study, in bytes."""
    run: object
    role: str                   # "series", "slower layout" or "reference" (tables.point_rows)
    n: int                      # records with a measured sum over ranks
    records: int                # all the configuration's records
    peak_sum: float | None      # median over records of the sum over ranks
    peak_max: float | None      # median over records of the largest rank's peak
    declared_sum: float | None  # median over records of the declared bytes, summed over ranks

    @property
    def per_core(self):
        return None if self.peak_sum is None else self.peak_sum / self.run.cores

    @property
    def measured_over_declared(self):
        if self.peak_sum is None or not self.declared_sum:
            return None
        return self.peak_sum / self.declared_sum


def median_or_none(values):
    values = [v for v in values if v is not None]
    return median(values) if values else None


def run_memory(run, role):
    peaks = [peak_memory(r) or {} for r in run.records]
    sums = [p.get("sum") for p in peaks]
    declared = [(declared_memory(r) or {}).get("sum") for r in run.records]
    return RunMemory(run=run, role=role, n=sum(s is not None for s in sums),
                     records=len(run.records), peak_sum=median_or_none(sums),
                     peak_max=median_or_none(p.get("max") for p in peaks),
                     declared_sum=median_or_none(declared))


def study_memory(analysis):
    """(RunMemory per run in the order of the derived table, note or None): the note says
    for which runs memory was not recorded, or that none was."""
    rows = [run_memory(point.run, role) for role, point in point_rows(analysis)]
    missing = [row for row in rows if row.n < row.records]
    if not rows:
        return rows, "no measured run: memory is not shown for simulated runs (every " \
                     "simulated rank runs in the simulator's one process)"
    if all(row.n == 0 for row in rows):
        return rows, "memory was not recorded for these runs (their records predate the " \
                     "apps' peak-memory block)"
    if missing:
        listed = ", ".join(f"{row.run.label} ({row.records - row.n} of {row.records})"
                           for row in missing)
        return rows, f"memory was not recorded in some records: {listed}; a configuration " \
                     "shows the median of its records that carry it, nothing if none does"
    return rows, None
