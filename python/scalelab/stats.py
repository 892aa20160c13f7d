# SPDX-License-Identifier: MIT
"""Nonparametric statistics of measured times, shared by the sweep and the analysis.

A run's time is summarised by its median, with a confidence interval from order statistics
(Hoefler & Belli, SC'15, section 3.2; Le Boudec, "Performance Evaluation", 2.2.2): whatever
the distribution of the times, the true median lies between the l-th and u-th smallest of n
independent samples with probability P(l <= B < u), B ~ Binomial(n, 1/2). No normality is
assumed, which matters here: run times are skewed (a descheduled rep is slow, never fast).

Pure Python (no numpy): the sweep uses it to decide when to stop adding rounds.
"""

import math

CONFIDENCE = 0.95


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of no values")
    middle = n // 2
    return ordered[middle] if n % 2 else 0.5 * (ordered[middle - 1] + ordered[middle])


def _binomial_cdf_half(n, k):
    """P(B <= k) for B ~ Binomial(n, 1/2), exactly (integers, then one division)."""
    if k < 0:
        return 0.0
    return sum(math.comb(n, i) for i in range(min(k, n) + 1)) / 2 ** n


def median_ci_ranks(n, confidence=CONFIDENCE):
    """1-based ranks (l, u) of the order statistics bounding the median with at least the
    given confidence, symmetric, as narrow as possible; None when n samples are too few
    (below 6 at 95 %: even min..max covers the median with less than 95 %)."""
    alpha = 1.0 - confidence
    if n < 1 or _binomial_cdf_half(n, 0) * 2 > alpha:
        return None
    low = 1
    # Widen inwards while the interval keeps its coverage: 1 - 2 P(B <= l - 1) >= confidence.
    while low + 1 <= (n + 1) // 2 and 2 * _binomial_cdf_half(n, low) <= alpha:
        low += 1
    return low, n + 1 - low


def median_ci(samples, confidence=CONFIDENCE):
    """(low, high) bounding the median of the population the samples come from, or None
    when there are too few samples for that confidence."""
    ranks = median_ci_ranks(len(samples), confidence)
    if ranks is None:
        return None
    ordered = sorted(samples)
    return ordered[ranks[0] - 1], ordered[ranks[1] - 1]


def relative_half_width(samples, confidence=CONFIDENCE):
    """The CI's larger distance from the median, as a fraction of the median; None without
    a CI. The sweep's --precision compares against this."""
    interval = median_ci(samples, confidence)
    if interval is None:
        return None
    centre = median(samples)
    if centre <= 0:
        return None
    return max(centre - interval[0], interval[1] - centre) / centre


def min_samples_for_ci(confidence=CONFIDENCE):
    """The fewest samples that give a CI at this confidence (6 at 95 %)."""
    n = 1
    while median_ci_ranks(n, confidence) is None:
        n += 1
    return n
