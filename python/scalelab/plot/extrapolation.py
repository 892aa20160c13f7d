# SPDX-License-Identifier: MIT
"""Fits of Amdahl (strong) and Gustafson (weak) only where the data determine them, and
extrapolation only as far as the data carry it.

- A law with two parameters (Amdahl: T1, f) fits any two points exactly, so a fit needs at
  least MIN_CORE_COUNTS distinct core counts at which every rank x thread had a core
  (oversubscribed layouts measure time-sharing, not scaling). Fewer: "not identifiable",
  nothing fitted or drawn.
- The serial fraction's CI and the extrapolation band come from the bootstrap (the same
  resampled medians as every other CI, scalelab.plot.uncertainty): the fit is repeated on each
  replicate. The extrapolated curve is drawn, as a band, only up to the core count where the
  band's relative half-width stays within BAND_LIMIT; where it stops is said.
- Memory-bound studies (triad and heat, or runs whose arithmetic intensity lies left of the
  measured roofline's ridge) cannot beat the machine's measured memory bandwidth: their
  (scaled) speedup is capped at T_base x bandwidth / bytes per rep of the baseline run, and
  without a measured bandwidth ceiling they are not extrapolated at all.
"""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

import warnings
from dataclasses import dataclass

import numpy as np

from scalelab.plot import formatting as fmt
from scalelab.plot.machine_load import oversubscribed
from scalelab.plot.models import AmdahlFit, fit_amdahl, fit_gustafson
from scalelab.plot.uncertainty import CONFIDENCE, PERCENT, RESAMPLES, Uncertain, interval

MIN_CORE_COUNTS = 3
BAND_LIMIT = 0.20
MEMORY_BOUND_WORKLOADS = ("triad", "heat")


@dataclass
class Extrapolation:
    law: str                        # "Amdahl" or "Gustafson"
    core_counts: list               # the distinct core counts the fit may use
    note: str                       # what was (not) fitted or extrapolated, and why
    fit: object = None              # models.AmdahlFit / GustafsonFit on the medians
    serial_fraction: Uncertain | None = None
    grid: np.ndarray | None = None  # core counts from 1 to `stop`
    curve: np.ndarray | None = None  # (scaled) speedup of the fit on the grid
    low: np.ndarray | None = None    # its 95 % band
    high: np.ndarray | None = None
    stop: int | None = None         # the largest core count the band is drawn to
    cap: float | None = None        # memory-bandwidth ceiling on the (scaled) speedup

    @property
    def drawn(self):
        return self.grid is not None


def memory_bound(study, roofline):
    """Why the study is limited by memory bandwidth, or None."""
    if study.workload in MEMORY_BOUND_WORKLOADS:
        return f"{study.workload} is memory-bound (streams arrays, little arithmetic)"
    if roofline.bandwidth is None or roofline.peak is None:
        return None
    ridge = roofline.peak.value / roofline.bandwidth.value
    work = study.runs[0].first.get("work") or {}
    bytes_per_rep, flops = work.get("bytes_per_rep", 0), work.get("flops_per_rep", 0)
    if bytes_per_rep > 0 and flops > 0 and flops / bytes_per_rep < ridge:
        return (f"arithmetic intensity {flops / bytes_per_rep:.3g} flop/byte, left of the "
                f"measured ridge {ridge:.3g}: memory-bound")
    return None


def bandwidth_cap(baseline, roofline):
    """The most (scaled) speedup the measured memory bandwidth allows: the baseline's bytes
    moved at the roof's rate take bytes / bandwidth seconds, so S <= p0 x T_base / that."""
    if roofline.bandwidth is None:
        return None
    bytes_per_rep = (baseline.run.first.get("work") or {}).get("bytes_per_rep", 0)
    if bytes_per_rep <= 0:
        return None
    floor = bytes_per_rep / (roofline.bandwidth.value * 1e9)
    return baseline.cores * baseline.time / floor


def speedup_curve(fit, baseline_time, p0, grid):
    """The fitted (scaled) speedup over the grid."""
    if isinstance(fit, AmdahlFit):
        return p0 * baseline_time / fit.time(grid)
    return fit.scaled_speedup(grid)


def fit_points(strong, cores, times, baseline_time):
    """Amdahl on the times (strong), Gustafson on the scaled speedups p x T_base / T(p)."""
    if strong:
        return fit_amdahl(cores, times)
    return fit_gustafson(cores, [c * baseline_time / t for c, t in zip(cores, times)])


def bootstrap_fits(strong, cores, runs, base, grid):
    """The fit repeated on every bootstrap replicate of the medians: the serial fractions,
    and the (scaled) speedup curves over the grid (NaN where a replicate's fit fails or may
    not be extrapolated)."""
    fractions, curves = [], []
    for b in range(RESAMPLES):
        fit = fit_points(strong, cores, [r.replicates[b] for r in runs],
                         base.run.replicates[b])
        fractions.append(np.nan if fit is None else fit.serial_fraction)
        curves.append(np.full_like(grid, np.nan) if fit is None or fit.out_of_range()
                      else speedup_curve(fit, base.run.replicates[b], base.cores, grid))
    return np.array(fractions), np.array(curves)


def band(curves):
    """The percentile band of the replicates' curves at the CI's confidence."""
    tail = (1 - CONFIDENCE) / 2 * 100
    with warnings.catch_warnings():  # a core count where every replicate failed: NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanpercentile(curves, [tail, 100 - tail], axis=0)


def band_end(grid, curve, low, high, measured):
    """Index of the last grid point up to which the band's relative half-width stays within
    BAND_LIMIT (every point up to the measured cores counts)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        half = np.maximum(curve - low, high - curve) / curve
    narrow = (grid <= measured) | (half <= BAND_LIMIT)
    wide = np.flatnonzero(~narrow)
    return (wide[0] if wide.size else len(grid)) - 1


def extrapolate_series(series, study, roofline, up_to):
    strong = study.scaling == "strong"
    law = "Amdahl" if strong else "Gustafson"
    points = [p for p in series.points if not oversubscribed(p.run)]
    cores = [p.cores for p in points]
    result = Extrapolation(law=law, core_counts=cores, note="")
    if len(set(cores)) < MIN_CORE_COUNTS:
        result.note = (f"{law} not identifiable from {len(set(cores))} core count"
                       f"{'s' if len(set(cores)) != 1 else ''} with a core each (needs "
                       f"{MIN_CORE_COUNTS}): nothing fitted or extrapolated")
        return result
    base = series.baseline
    result.fit = fit_points(strong, cores, [p.time for p in points], base.time)
    if result.fit is None:
        result.note = f"{law} fit failed on these points: nothing extrapolated"
        return result
    runs = [p.run for p in points]
    missing = next((r.time.reason for r in [base.run] + runs if r.replicates is None), None)
    if missing:
        result.serial_fraction = Uncertain(result.fit.serial_fraction, None, missing)
        result.note = f"{law} fitted on medians only ({missing}): no band, not extrapolated"
        return result
    grid = np.unique(np.round(np.geomspace(1, max(up_to, max(cores)), 200)))
    fractions, curves = bootstrap_fits(strong, cores, runs, base, grid)
    result.serial_fraction = Uncertain(result.fit.serial_fraction, interval(fractions))
    if result.fit.out_of_range():
        result.note = f"{law} fit {result.fit.out_of_range()}: not extrapolated"
        return result
    bound = memory_bound(study, roofline)
    cap = bandwidth_cap(base, roofline) if bound else None
    if bound and cap is None:
        result.note = (f"{bound}, and the input measures no memory-bandwidth ceiling (no "
                       "triad records): not extrapolated as if compute-bound")
        return result
    curve = speedup_curve(result.fit, base.time, base.cores, grid)
    low, high = band(curves)
    measured = max(cores)
    end = band_end(grid, curve, low, high, measured)
    result.grid, result.stop = grid[:end + 1], int(grid[end])
    result.curve, result.low, result.high = curve[:end + 1], low[:end + 1], high[:end + 1]
    if cap is not None:
        result.cap = cap
        result.curve, result.low, result.high = (np.minimum(a, cap) for a in
                                                 (result.curve, result.low, result.high))
    why = (f"beyond it the {PERCENT} band is wider than {fmt.percent(BAND_LIMIT)} of the curve"
           if result.stop < grid[-1] else f"up to the {up_to} cores asked for")
    result.note = f"{law} extrapolated to {result.stop} cores ({why})" \
        if result.stop > measured else \
        f"{law} fitted, not extrapolated beyond the measured {measured} cores ({why})"
    if cap is not None:
        roof = roofline.bandwidth
        result.note += (f"; capped by the measured memory bandwidth ({roof.value:.3g} GB/s, "
                        f"{roof.source}) at {cap:.3g}x")
    return result
