# SPDX-License-Identifier: MIT
"""Performance models fitted to measured scaling: Amdahl, Gustafson, Karp-Flatt.

numpy only (Debian's python3 has no scipy). Both fits are linear least squares after a change
of variables, so they are the exact least-squares solutions of the nonlinear models, and the
standard errors come from the covariance of the linear problem (delta method for Amdahl's f).
With only as many points as parameters the fit is exact and has no uncertainty: stderr None.
"""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

from dataclasses import dataclass

import numpy as np


@dataclass
class AmdahlFit:
    """T(p) = T1 * (f + (1 - f) / p), fitted to one series' median times."""
    t1: float                 # fitted time on one core, seconds
    serial_fraction: float    # f; negative means the points scale better than linearly
    serial_fraction_stderr: float | None
    points: int

    def time(self, cores):
        cores = np.asarray(cores, dtype=float)
        f = self.serial_fraction
        return self.t1 * (f + (1.0 - f) / cores)

    def out_of_range(self):
        """Why the fit must not be extrapolated (f outside [0, 1)), or None."""
        if self.serial_fraction < 0:
            return "faster than linear: Amdahl's law sets no limit"
        if self.serial_fraction >= 1:
            return "more cores did not help: outside Amdahl's law"
        return None


@dataclass
class GustafsonFit:
    """Scaled speedup S(p) = p - alpha * (p - 1), fitted to a weak-scaling series."""
    serial_fraction: float    # alpha: the serial share of the parallel run's time
    serial_fraction_stderr: float | None
    points: int

    def scaled_speedup(self, cores):
        cores = np.asarray(cores, dtype=float)
        return cores - self.serial_fraction * (cores - 1.0)

    def out_of_range(self):
        """Why the fit must not be extrapolated (alpha outside [0, 1]), or None."""
        if self.serial_fraction < 0:
            return "better than ideal weak scaling"
        if self.serial_fraction > 1:
            return "the scaled speedup falls with cores: outside Gustafson's law"
        return None

    def efficiency(self, cores):
        """Weak efficiency T1 / T(p) = S(p) / p."""
        cores = np.asarray(cores, dtype=float)
        return self.scaled_speedup(cores) / cores


def fit_amdahl(cores, times):
    """Least squares of T(p) = a + b / p on relative residuals (T varies over decades, so
    each point weighs by its own size), then T1 = a + b, f = a / T1. None with fewer than
    two distinct core counts or a fit without a positive T1."""
    cores = np.asarray(cores, dtype=float)
    times = np.asarray(times, dtype=float)
    if len(np.unique(cores)) < 2:
        return None
    design = np.column_stack([np.ones_like(cores), 1.0 / cores]) / times[:, None]
    target = np.ones_like(times)  # times / times
    (a, b), _, _, _ = np.linalg.lstsq(design, target, rcond=None)
    t1 = a + b
    if t1 <= 0:
        return None
    f = a / t1
    stderr = None
    dof = len(times) - 2
    if dof > 0:
        residual = target - design @ np.array([a, b])
        variance = float(residual @ residual) / dof
        covariance = variance * np.linalg.inv(design.T @ design)
        # f = a / (a + b): gradient (b, -a) / (a + b)^2
        gradient = np.array([b, -a]) / t1 ** 2
        stderr = float(np.sqrt(max(gradient @ covariance @ gradient, 0.0)))
    return AmdahlFit(t1=float(t1), serial_fraction=float(f), serial_fraction_stderr=stderr,
                     points=len(times))


def fit_gustafson(cores, scaled_speedups):
    """Least squares of p - S = alpha * (p - 1) over the points with p > 1 (the one-core
    point carries no information about alpha). None without such a point."""
    cores = np.asarray(cores, dtype=float)
    speedups = np.asarray(scaled_speedups, dtype=float)
    keep = cores > 1
    x = cores[keep] - 1.0
    y = cores[keep] - speedups[keep]
    if len(x) == 0:
        return None
    sxx = float(x @ x)
    alpha = float(x @ y) / sxx
    stderr = None
    if len(x) > 1:
        residual = y - alpha * x
        stderr = float(np.sqrt(float(residual @ residual) / (len(x) - 1) / sxx))
    return GustafsonFit(serial_fraction=alpha, serial_fraction_stderr=stderr,
                        points=int(keep.sum()))


def karp_flatt(speedup, cores):
    """The experimentally determined serial fraction e = (1/S - 1/p) / (1 - 1/p); None at
    one core, where it is undefined. For data that follow Amdahl exactly, e equals f."""
    if cores <= 1 or speedup is None or speedup <= 0:
        return None
    return (1.0 / speedup - 1.0 / cores) / (1.0 - 1.0 / cores)
