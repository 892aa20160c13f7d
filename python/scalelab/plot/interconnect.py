# SPDX-License-Identifier: MIT
"""The interconnect model (scripts/model's library) for a strong-scaling study: its
predictions per network up to --extrapolate ranks and whether it is validated on the
measured runs (worst error within scalelab.model.predict.TOLERANCE on the runs with a core per
rank, as scripts/model decides). No matplotlib here: the verdict needs the status, the figure
(interconnect_figure) draws it."""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

import os
from dataclasses import dataclass

from scalelab.model.calibration import NoCalibration, calibrate
from scalelab.model.networks import PUBLISHED
from scalelab.model.predict import TOLERANCE, curve, network, validate, worst_error
from scalelab.model.workloads import WORKLOADS, study_size
from scalelab.plot import formatting as fmt


@dataclass
class InterconnectModel:
    checks: list        # scalelab.model.predict.Check per measured run
    curves: dict        # network name -> (predictions, base, first rank count below 50 %)
    counts: list        # rank counts predicted
    worst: float | None  # worst error on the judged runs, None when none was judged

    @property
    def judged(self):
        return sum(1 for c in self.checks if c.judged)

    @property
    def judged_parallel(self):
        """Judged runs with more than one rank: a 1-rank run is the model's own calibration,
        so it cannot validate the communication terms."""
        return sum(1 for c in self.checks if c.judged and c.record["ranks"] > 1)

    @property
    def validated(self):
        return self.worst is not None and self.worst <= TOLERANCE and self.judged_parallel > 0

    def status(self):
        """'validated (worst error 12 % on 3 runs with a core per rank, tolerance 25 %)'."""
        if self.worst is None:
            return "not validated: no measured run with a core per rank to judge it on"
        if self.judged_parallel == 0:
            return ("not validated: judged only on 1-rank runs, its own calibration (worst "
                    f"error {fmt.percent(self.worst)})")
        word = "validated" if self.validated else "NOT validated"
        return (f"{word} (worst error {fmt.percent(self.worst)} on {self.judged} measured runs "
                f"with a core per rank, tolerance {fmt.percent(TOLERANCE)})")

    def lines(self, study_id):
        return [f"{study_id}: interconnect model up to {self.counts[-1]} ranks: " + "; ".join(
            f"{name} efficiency < 50% from {c[2]} ranks" if c[2] else f"{name} >= 50% "
            "throughout" for name, c in self.curves.items()),
            f"{study_id}: interconnect model {self.status()}"]


def rank_counts(up_to):
    return [1 << k for k in range(up_to.bit_length()) if 1 << k <= up_to]


def interconnect_model(one, records):
    """(InterconnectModel, None), or (None, the reason there is none or None when the study
    is not one the model knows)."""
    study = one.study
    if study.scaling != "strong" or study.workload not in WORKLOADS:
        return None, None
    study_records = study.records
    try:
        cal = calibrate(records)
        cal.compute(study.workload)
        # Measured here: runs with more ranks than this machine has cores shared them.
        checks, _ = validate(cal, study_records, study.workload,
                             cores_per_host=len(os.sched_getaffinity(0)))
        size = study_size(study_records, study.workload)
    except NoCalibration as error:
        return None, f"{study.id}: no interconnect model: {error}"
    names = [n for n in ("shm", "tcp-measured") if n in cal.networks] + list(PUBLISHED)
    counts = rank_counts(max(one.extrapolate, 2))
    curves = {name: curve(cal, study.workload, size, network(cal, name), counts)
              for name in names}
    return InterconnectModel(checks=checks, curves=curves, counts=counts,
                             worst=worst_error(checks)), None
