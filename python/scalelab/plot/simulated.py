# SPDX-License-Identifier: MIT
"""Simulated runs (scripts/simulate: records with `provenance.simulation`) beside a study's
measured ones, and whether the simulation of a workload is validated here.

Simulated records never enter the measured analysis (runs, baselines, fits, verdict ratios,
roofline, interconnect model): their times are simulated seconds on another platform. They
form, per study (same key as measured runs: workload, scaling, size), one series per
simulated platform (`platform_name`), mpi model only. Speedup and efficiency are over the
study's measured baseline, with its CI through the same ratio machinery; a study without one
uses the series' simulated 1-rank run (else its smallest rank count).

Validation rows (scripts/validate-simulation) compare simulated with measured time per rep
at layouts this machine can measure. A workload's simulation is validated when at least one
judged row has 2 or more ranks and every judged row's |error| is within its goal; the latest
row per layout (ranks, nodes, network) counts.
"""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

from dataclasses import dataclass, field

from scalelab.plot import formatting as fmt
from scalelab.plot.derived import Baseline, make_point, own_baseline
from scalelab.plot.grouping import merge_runs, study_size
from scalelab.plot.loading import MEASURED_STATUSES
from scalelab.plot.phases import communication_share
from scalelab.records import platform_name_of, simulation_of

SIMULATED_MODEL = "mpi"  # the SMPI build runs the mpi model only


def split_simulated(records):
    """(measured records, simulated records)."""
    measured = [r for r in records if simulation_of(r) is None]
    return measured, [r for r in records if simulation_of(r) is not None]


def platform_name(record):
    return platform_name_of(simulation_of(record))


def study_key(record):
    return record["workload"], record["scaling"], study_size(record)


def simulated_study_keys(records):
    """The study keys of the successful simulated runs: a study may be simulated only."""
    return {study_key(r) for r in records
            if r["status"] in MEASURED_STATUSES and r["model"] == SIMULATED_MODEL}


@dataclass
class Validation:
    workload: str
    rows: list              # the latest validation row per layout, by ranks
    validated: bool
    worst: float | None     # worst |error| of the judged rows
    reason: str | None      # why it is not validated

    @property
    def label(self):
        """For a legend: 'validated here: worst error 7 %' or 'not validated'."""
        return f"validated here: worst error {fmt.percent(self.worst)}" if self.validated \
            else "not validated"

    def status(self):
        if self.validated:
            judged = sum(1 for r in self.rows if r["judged"])
            return (f"validated here: worst error {fmt.percent(self.worst)} on {judged} "
                    f"judged layout{'s' if judged > 1 else ''} (goal "
                    f"{fmt.percent(max(r['goal'] for r in self.rows))})")
        return f"not validated: {self.reason}"


def validation_of(workload, rows):
    """The validation status of a workload's simulation from all validation rows."""
    latest = {}
    for row in sorted((r for r in rows if r["workload"] == workload),
                      key=lambda r: str(r.get("time_utc") or "")):
        latest[(row["ranks"], row.get("nodes"), row["network"])] = row
    kept = sorted(latest.values(), key=lambda r: (r["ranks"], r.get("nodes") or 0))
    judged = [r for r in kept if r["judged"]]
    worst = max((abs(r["error"]) for r in judged), default=None)
    over = [r for r in judged if abs(r["error"]) > r["goal"]]
    if not kept:
        reason = f"no validation rows for {workload} (scripts/validate-simulation)"
    elif not judged:
        whys = sorted({str(r.get("why_not_judged") or "no reason given") for r in kept})
        reason = f"nothing judged: {'; '.join(whys)}"
    elif over:
        row = max(over, key=lambda r: abs(r["error"]))
        reason = (f"worst judged error {fmt.percent(abs(row['error']))} > goal "
                  f"{fmt.percent(row['goal'])} ({row['ranks']} ranks, {row['network']})")
    elif not any(r["ranks"] >= 2 for r in judged):
        reason = (f"judged only on 1-rank runs (worst error {fmt.percent(worst)}), which "
                  "test no communication")
    else:
        reason = None
    return Validation(workload=workload, rows=kept, validated=reason is None, worst=worst,
                      reason=reason)


@dataclass
class SimulatedPoint:
    point: object           # derived.Point: the run, speedup, efficiency with CIs
    communication: float | None  # phases.communication_share, None: no breakdown
    wall_s: float           # what the simulation of its records took, in seconds

    @property
    def ranks(self):
        return self.point.run.ranks


@dataclass
class SimulatedSeries:
    platform: str
    points: list            # SimulatedPoint by ranks
    baseline: Baseline      # the measured study baseline, or the series' own
    validation: Validation
    simgrid_version: str
    failures: list = field(default_factory=list)  # failed / verification_failed records
    model: str = SIMULATED_MODEL

    @property
    def name(self):
        return f"{self.model} simulated on {self.platform}"

    @property
    def label(self):
        return f"{self.name} ({self.validation.label})"

    @property
    def max_ranks(self):
        return max((p.ranks for p in self.points), default=0)

    @property
    def own_baseline(self):
        """Whether speedups are over a simulated run (the study has no measured baseline)."""
        return self.baseline.run in [p.point.run for p in self.points]


def simulated_baseline(runs):
    one_rank = [run for run in runs if run.ranks == 1 and run.verified]
    if one_rank:
        return Baseline(run=one_rank[0], cores=1,
                        kind="simulated 1-rank run: no measured baseline")
    return own_baseline(runs)


def wall_seconds(records):
    return sum(float(simulation_of(r).get("wall_s") or 0.0) for r in records)


def build_series(study, platform, records, baseline, validation):
    name = f"{SIMULATED_MODEL} simulated on {platform}"
    ok = [r for r in records if r["status"] in MEASURED_STATUSES]
    by_ranks = {}
    for record in ok:
        by_ranks.setdefault(record["ranks"], []).append(record)
    runs = [merge_runs(name, ranks, 1, by_ranks[ranks], study.notes)
            for ranks in sorted(by_ranks)]
    if runs:
        baseline = baseline or simulated_baseline(runs)
    points = [SimulatedPoint(point=make_point(run, baseline, study.scaling),
                             communication=communication_share(run),
                             wall_s=wall_seconds(run.records)) for run in runs]
    versions = sorted({str(simulation_of(r).get("simgrid_version")) for r in records})
    return SimulatedSeries(platform=platform, points=points, baseline=baseline,
                           validation=validation, simgrid_version=", ".join(versions),
                           failures=[r for r in records if r not in ok])


def belongs(record, study):
    """A simulated record's study: the same key; a failed run of unknown size joins every
    study of its workload and mode."""
    if (record["workload"], record["scaling"]) != (study.workload, study.scaling):
        return False
    size = study_size(record)
    return size == study.size or (size is None and record["status"] == "failed")


def simulated_series(study, baseline, records, validation_rows):
    """The simulated series of a study (mpi runs only), one per platform, by platform name;
    series with successful runs only (a platform whose every run failed is listed in the
    notes)."""
    mine = [r for r in records if r["model"] == SIMULATED_MODEL and belongs(r, study)]
    by_platform = {}
    for record in mine:
        by_platform.setdefault(platform_name(record), []).append(record)
    validation = validation_of(study.workload, validation_rows)
    series = []
    for platform in sorted(by_platform):
        one = build_series(study, platform, by_platform[platform], baseline, validation)
        if one.points:
            series.append(one)
        else:
            study.notes.append(f"{one.name}: every simulated run failed "
                               f"({len(one.failures)} record(s)), nothing to plot")
    return series
