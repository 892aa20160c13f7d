# SPDX-License-Identifier: MIT
"""Uncertainty of every number derived from measured times, written once.

A configuration's time is the median of its pooled per-rep samples with the 95 %
order-statistic CI of scalelab_stats (no distribution assumed). A ratio of two medians
(speedup, efficiency, one model against another) gets a bootstrap CI: each configuration's
samples are resampled with replacement, independently, the ratio of the resampled medians
taken RESAMPLES times, and the 2.5 and 97.5 percentiles kept (Hoefler & Belli, SC'15). The
resampling is seeded from the configuration's label, so the same input gives the same
outputs. Without samples, or with too few for a CI, the value carries the reason instead.
"""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

import zlib
from dataclasses import dataclass

import numpy as np

from scalelab.stats import CONFIDENCE, median, median_ci

RESAMPLES = 2000
NOISY_HALF_WIDTH = 0.05   # a CI half-width above 5 % of the median: "noisy"
NO_SAMPLES = "no CI: records carry no per-rep samples"
PERCENT = f"{CONFIDENCE * 100:.0f} %"


def too_few(n):
    return f"too few samples (n={n}) for a {PERCENT} CI"


@dataclass(frozen=True)
class Uncertain:
    """A value with its 95 % CI (low, high), or the reason it has none."""
    value: float
    ci: tuple | None = None
    reason: str | None = None

    def scaled(self, factor):
        ci = None if self.ci is None else (self.ci[0] * factor, self.ci[1] * factor)
        return Uncertain(self.value * factor, ci, self.reason)

    def decreasing(self, function):
        """function(value) for a function falling with its argument (the CI swaps ends)."""
        ci = None if self.ci is None else (function(self.ci[1]), function(self.ci[0]))
        return Uncertain(function(self.value), ci, self.reason)

    def above(self, threshold):
        """Whether the whole CI lies above the threshold (False without a CI)."""
        return self.ci is not None and self.ci[0] > threshold

    def contains(self, value):
        return self.ci is not None and self.ci[0] <= value <= self.ci[1]

    @property
    def relative_half_width(self):
        if self.ci is None or self.value <= 0:
            return None
        return max(self.value - self.ci[0], self.ci[1] - self.value) / self.value

    @property
    def short_reason(self):
        """The reason in a table cell's few words."""
        if self.reason is None:
            return None
        if self.reason == NO_SAMPLES:
            return "no samples"
        return self.reason.replace("too few samples (", "").split(")")[0] + " too few"


def time_estimate(samples, medians):
    """The median time of a configuration: its pooled samples when every record carries
    them (with the CI), else the median of the records' medians without a CI."""
    if samples is None:
        return Uncertain(median(medians), None, NO_SAMPLES)
    ci = median_ci(samples)
    return Uncertain(median(samples), ci, None if ci else too_few(len(samples)))


def bootstrap_medians(samples, key):
    """RESAMPLES medians of samples drawn with replacement, seeded by key (a label)."""
    values = np.asarray(samples, dtype=float)
    rng = np.random.default_rng(zlib.crc32(key.encode("utf-8")))
    draws = rng.integers(0, len(values), size=(RESAMPLES, len(values)))
    return np.median(values[draws], axis=1)


def interval(replicates):
    """The percentile interval of bootstrap replicates at the CI's confidence."""
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.nanpercentile(replicates, [tail, 100 - tail])
    return float(low), float(high)


def ratio(numerator, denominator):
    """numerator.median / denominator.median of two runs (grouping.Run), with its bootstrap
    CI when both carry enough samples."""
    value = numerator.median / denominator.median
    reason = numerator.time.reason or denominator.time.reason
    if reason:
        return Uncertain(value, None, reason)
    if numerator is denominator:
        return Uncertain(1.0, (1.0, 1.0))
    return Uncertain(value, interval(numerator.replicates / denominator.replicates))

