# SPDX-License-Identifier: MIT
"""From records to everything the outputs show: studies, series, fits, warnings, verdict,
summary. The single entry point shared by scripts/plot and scripts/report."""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

from dataclasses import dataclass, field

from scalelab.plot.checks import check_study
from scalelab.plot.derived import derive
from scalelab.plot.extrapolation import extrapolate_series
from scalelab.plot.grouping import group_studies
from scalelab.plot.interconnect import interconnect_model
from scalelab.plot.memory import study_memory
from scalelab.plot.roofline import Roofline, build_roofline
from scalelab.plot.simulated import simulated_series, simulated_study_keys, split_simulated
from scalelab.plot.summary import study_summary
from scalelab.plot.verdict import study_verdict


@dataclass
class StudyAnalysis:
    study: object               # grouping.Study
    baseline: object            # derived.Baseline, or None without a verified 1-core run
    series: list                # derived.Series, one per parallel model
    references: dict            # model -> derived.Point (serial, eigen)
    extrapolate: int            # core count the fits may be extrapolated to
    warnings: list = field(default_factory=list)
    verdict: str = ""           # the paragraph the study's section opens with
    summary: list = field(default_factory=list)
    interconnect: object = None  # interconnect.InterconnectModel, or None
    interconnect_note: str | None = None  # why there is no interconnect model
    simulated: list = field(default_factory=list)  # simulated.SimulatedSeries by platform
    memory: list = field(default_factory=list)  # memory.RunMemory per run
    memory_note: str | None = None  # for which runs memory was not recorded, if any

    @property
    def provenance_records(self):
        """The measured records, or a simulated-only study's simulated ones."""
        return self.study.records or [r for s in self.simulated for p in s.points
                                      for r in p.point.run.records]

    @property
    def memory_recorded(self):
        """Whether any run of the study recorded its peak memory."""
        return any(row.peak_sum is not None for row in self.memory)

    @property
    def max_cores(self):
        return max((p.cores for s in self.series for p in s.points), default=1)


@dataclass
class Analysis:
    studies: list               # StudyAnalysis
    roofline: Roofline
    orphan_failures: list       # failed runs of studies with no successful run


def analyze(records, extrapolate, validations=()):
    """validations: scripts/validate-simulation's rows (scalelab.plot.simulated)."""
    measured, simulated = split_simulated(records)
    studies, orphans = group_studies(measured, simulated_study_keys(simulated))
    roofline = build_roofline(measured)
    analyses = []
    for study in studies:
        baseline, series, references = derive(study) if study.runs else (None, [], {})
        one = StudyAnalysis(study=study, baseline=baseline, series=series,
                            references=references, extrapolate=extrapolate)
        one.extrapolate = max(extrapolate, one.max_cores)
        for each in series:
            each.extrapolation = extrapolate_series(each, study, roofline, one.extrapolate)
        one.simulated = simulated_series(study, baseline, simulated, validations)
        one.warnings = check_study(study, series, references)
        one.memory, one.memory_note = study_memory(one)
        if study.runs:
            one.interconnect, one.interconnect_note = interconnect_model(one, measured)
        one.verdict = study_verdict(one, roofline)
        one.summary = study_summary(one)
        analyses.append(one)
    return Analysis(studies=analyses, roofline=roofline, orphan_failures=orphans)
