# SPDX-License-Identifier: MIT
"""Derived quantities of a study: the baseline, speedup, efficiency and Karp-Flatt per point,
each with its 95 % CI (bootstrap of the ratio of medians, scalelab.plot.uncertainty), one series
per parallel model.

The baseline is the FASTEST VERIFIED 1-CORE configuration of the study, whatever its model
(serial, eigen, openmp 1x1, mpi 1x1, hybrid 1x1): a slow serial build must not make every
parallel run look superlinear. Strong scaling: speedup S = T_base / T(p), efficiency S / p.
Weak scaling: efficiency T_base / T(p) (ideal: constant time), scaled speedup p x efficiency.
Each model is also given relative to its own 1-core run (self-relative, a second view).
Without any verified 1-core run, each model is its own baseline at its smallest core count
p0, taken as ideal there (speedup p0), and the outputs say so. When a model has several
layouts at one core count (hybrid 1x2 and 2x1), the fastest one is the series point and the
others are kept beside it.
"""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

from dataclasses import dataclass, field

from scalelab.plot import formatting as fmt
from scalelab.plot.grouping import model_rank
from scalelab.plot.models import karp_flatt
from scalelab.plot.uncertainty import ratio

REFERENCE_MODELS = ("serial", "eigen")  # one-core references, drawn as lines


@dataclass
class Baseline:
    run: object         # grouping.Run
    cores: int          # p0: the speedup the baseline point is given
    kind: str           # "fastest verified 1-core run" or why another run is the baseline

    @property
    def time(self):
        return self.run.median

    @property
    def description(self):
        return f"{self.run.label} ({self.kind})"

    def sentence(self):
        """'openmp 1x1 (fastest verified 1-core run), median 175 ms (95 % CI 174-177 ms,
        n=15)'."""
        return f"{self.description}, median {fmt.seconds_ci(self.run.time, self.run.n)}"


@dataclass
class Point:
    run: object                 # grouping.Run
    speedup: object             # Uncertain; strong: speedup, weak: scaled speedup
    efficiency: object          # Uncertain
    karp_flatt: object | None   # Uncertain, None at one core
    self_relative: object | None  # Uncertain: against the model's own 1-core run, or None
    flags: set = field(default_factory=set)  # "short", "superlinear", "noisy", ...

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
    extrapolation: object = None  # extrapolation.Extrapolation, set by the analysis

    @property
    def all_points(self):
        return self.points + self.others

    @property
    def best_of_layouts(self):
        return bool(self.others)


def make_point(run, baseline, scaling, own=None):
    """A run's speedup and efficiency against the baseline (and its model's own 1-core
    run when it has one), with CIs."""
    base = ratio(baseline.run, run)     # T_base / T(p)
    if scaling == "strong":
        speedup = base.scaled(baseline.cores)
        efficiency = speedup.scaled(1.0 / run.cores)
    else:
        efficiency = base
        speedup = base.scaled(run.cores)
    kf = None
    if run.cores > 1 and speedup.value > 0:
        kf = speedup.decreasing(lambda s: karp_flatt(s, run.cores))
    self_relative = ratio(own, run) if own is not None else None
    return Point(run=run, speedup=speedup, efficiency=efficiency, karp_flatt=kf,
                 self_relative=self_relative)


def fastest_one_core(runs):
    candidates = [run for run in runs if run.cores == 1 and run.verified]
    return min(candidates, key=lambda run: run.median) if candidates else None


def study_baseline(study):
    run = fastest_one_core(study.runs)
    return Baseline(run=run, cores=1, kind="fastest verified 1-core run") if run else None


def own_baseline(runs):
    first = min(runs, key=lambda run: (run.cores, run.median))
    return Baseline(run=first, cores=first.cores,
                    kind=f"no verified 1-core run; speedup {first.cores} there by definition")


def build_series(study, model, baseline):
    runs = study.runs_of(model)
    baseline = baseline or own_baseline(runs)
    own = fastest_one_core(runs) or next((r for r in runs if r.cores == 1), None)
    points, others = [], []
    for cores in sorted({run.cores for run in runs}):
        at_cores = sorted((r for r in runs if r.cores == cores), key=lambda r: r.median)
        points.append(make_point(at_cores[0], baseline, study.scaling, own))
        others += [make_point(r, baseline, study.scaling, own) for r in at_cores[1:]]
    return Series(model=model, points=points, others=others, baseline=baseline)


def derive(study):
    """(baseline or None, parallel series, reference points by model)."""
    baseline = study_baseline(study)
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
