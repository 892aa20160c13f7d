"""Derived quantities of a study: the baseline, speedup, efficiency and Karp-Flatt per point,
one series per model with its fitted model.

Strong scaling: speedup S = T_base / T(p), efficiency S / p. Weak scaling: efficiency
T_base / T(p) (ideal: constant time), scaled speedup p * efficiency. T_base is the serial
model's median time when the study has one; otherwise each model is its own baseline at its
smallest core count p0, taken as ideal there (speedup p0), and the plots and CSV say so.
When a model has several layouts at one core count (hybrid 1x2 and 2x1), the fastest one
is the series point and the others are kept beside it.
"""

from dataclasses import dataclass, field

import numpy as np

from plotlib.grouping import model_rank
from plotlib.models import AmdahlFit, fit_amdahl, fit_gustafson, karp_flatt

REFERENCE_MODELS = ("serial", "eigen")  # one-core references, drawn as lines


@dataclass
class Baseline:
    time: float
    cores: int          # p0: the speedup the baseline point is given
    description: str    # e.g. "serial 1x1 median"


@dataclass
class Point:
    run: object         # grouping.Run
    speedup: float      # strong: speedup; weak: scaled speedup
    speedup_range: tuple  # (from the max time, from the min time)
    efficiency: float
    efficiency_range: tuple
    karp_flatt: float | None
    flags: set = field(default_factory=set)  # "short", "superlinear", "work_not_constant"

    @property
    def cores(self):
        return self.run.cores

    @property
    def time(self):
        return self.run.median


@dataclass
class Series:
    model: str
    points: list            # best layout per core count, by cores
    others: list            # the slower layouts at the same core counts
    baseline: Baseline
    fit: object = None      # AmdahlFit (strong) or GustafsonFit (weak) or None

    @property
    def all_points(self):
        return self.points + self.others

    @property
    def best_of_layouts(self):
        return bool(self.others)

    # The fitted model as the plotted quantities, at any core counts (numpy arrays).
    def fitted_speedup(self, cores):
        """Strong: baseline over the fitted time; weak: Gustafson's scaled speedup."""
        if isinstance(self.fit, AmdahlFit):
            return self.baseline.time * self.baseline.cores / self.fit.time(cores)
        return self.fit.scaled_speedup(cores)

    def fitted_efficiency(self, cores):
        return self.fitted_speedup(cores) / np.asarray(cores, dtype=float)

    def fitted_time(self, cores):
        if isinstance(self.fit, AmdahlFit):
            return self.fit.time(cores)
        return self.baseline.time / self.fit.efficiency(cores)


def make_point(run, baseline, scaling):
    def measures(time):
        if scaling == "strong":
            speedup = baseline.time * baseline.cores / time
            return speedup, speedup / run.cores
        efficiency = baseline.time / time
        return run.cores * efficiency, efficiency

    speedup, efficiency = measures(run.median)
    slow, fast = measures(run.tmax), measures(run.tmin)
    return Point(run=run, speedup=speedup, speedup_range=(slow[0], fast[0]),
                 efficiency=efficiency, efficiency_range=(slow[1], fast[1]),
                 karp_flatt=karp_flatt(speedup, run.cores))


def serial_baseline(study):
    serial = study.runs_of("serial")
    if not serial:
        return None
    run = serial[0]
    return Baseline(time=run.median, cores=1, description=f"serial {run.layout} median")


def own_baseline(runs):
    first = min(runs, key=lambda run: (run.cores, run.median))
    return Baseline(time=first.median, cores=first.cores,
                    description=f"{first.label} median (no serial run; speedup {first.cores} "
                                "there by definition)")


def build_series(study, model, baseline):
    runs = study.runs_of(model)
    baseline = baseline or own_baseline(runs)
    points, others = [], []
    for cores in sorted({run.cores for run in runs}):
        at_cores = sorted((r for r in runs if r.cores == cores), key=lambda r: r.median)
        points.append(make_point(at_cores[0], baseline, study.scaling))
        others += [make_point(r, baseline, study.scaling) for r in at_cores[1:]]
    series = Series(model=model, points=points, others=others, baseline=baseline)
    cores = [p.cores for p in points]
    if study.scaling == "strong":
        series.fit = fit_amdahl(cores, [p.time for p in points])
    else:
        series.fit = fit_gustafson(cores, [p.speedup for p in points])
    return series


def derive(study):
    """(baseline or None, parallel series, reference points by model)."""
    baseline = serial_baseline(study)
    parallel_models = sorted({run.model for run in study.runs} - set(REFERENCE_MODELS),
                             key=model_rank)
    series = [build_series(study, model, baseline) for model in parallel_models]
    references = {}
    reference_base = baseline or (series[0].baseline if series else own_baseline(study.runs))
    for model in REFERENCE_MODELS:
        runs = study.runs_of(model)
        if runs and reference_base:
            references[model] = make_point(runs[0], reference_base, study.scaling)
    return baseline, series, references
