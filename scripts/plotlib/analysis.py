"""From records to everything the outputs show: studies, series, fits, warnings, summary.
The single entry point shared by scripts/plot and scripts/report."""

from dataclasses import dataclass, field

from plotlib.checks import check_study
from plotlib.derived import derive
from plotlib.grouping import group_studies
from plotlib.roofline import Roofline, build_roofline
from plotlib.summary import study_summary


@dataclass
class StudyAnalysis:
    study: object               # grouping.Study
    baseline: object            # derived.Baseline, or None without a serial run
    series: list                # derived.Series, one per parallel model
    references: dict            # model -> derived.Point (serial, eigen)
    extrapolate: int            # core count the fits are extrapolated to
    warnings: list = field(default_factory=list)
    summary: list = field(default_factory=list)

    @property
    def max_cores(self):
        return max((p.cores for s in self.series for p in s.points), default=1)


@dataclass
class Analysis:
    studies: list               # StudyAnalysis
    roofline: Roofline
    orphan_failures: list       # failed runs of studies with no successful run


def analyze(records, extrapolate):
    studies, orphans = group_studies(records)
    analyses = []
    for study in studies:
        baseline, series, references = derive(study)
        one = StudyAnalysis(study=study, baseline=baseline, series=series,
                            references=references, extrapolate=extrapolate)
        one.extrapolate = max(extrapolate, one.max_cores)
        one.warnings = check_study(study, series, references)
        one.summary = study_summary(one)
        analyses.append(one)
    return Analysis(studies=analyses, roofline=build_roofline(records),
                    orphan_failures=orphans)
