# SPDX-License-Identifier: MIT
"""Groups records into studies (workload, scaling mode, problem size) and runs (model and
layout), the units every plot, table and fit works on.

A strong-scaling study is the set of runs of one workload at one global size; a weak one,
at one requested size per core (taken from the command line when present, so a workload that
rounds its per-core size to fit a grid still forms one study, and the rounding is warned
about instead of splitting the study). Runs of the same configuration recorded more than once
(rounds of a sweep, repeated sweeps) pool their per-rep samples (`time.samples`): the
configuration's time is the median of all of them with its 95 % CI (scalelab.plot.uncertainty).
Records without samples (written before the driver kept them) give the median of their
medians and no CI, and say so.
"""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

import math
import re
from dataclasses import dataclass, field
from functools import cached_property

from scalelab.plot.loading import MEASURED_STATUSES, InputError, describe
from scalelab.plot.uncertainty import bootstrap_medians, time_estimate

MODEL_ORDER = ("serial", "eigen", "openmp", "mpi", "hybrid")
SIZE_SUFFIXES = {"k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12,
                 "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}


def parse_size(text):
    """'50M' -> 50000000, as the apps read --size; None when it is not a size."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kMGT]i?)?\s*", str(text))
    if not match or (match.group(2) and match.group(2) not in SIZE_SUFFIXES):
        return None
    return int(round(float(match.group(1)) * SIZE_SUFFIXES.get(match.group(2) or "", 1)))


def format_size(value):
    """50000000 -> '50M', 1048576 -> '1Mi'; other numbers in plain digits."""
    value = int(value)
    for suffix, factor in sorted(SIZE_SUFFIXES.items(), key=lambda item: -item[1]):
        if value >= factor and value % factor == 0:
            return f"{value // factor}{suffix}"
    return f"{value:,}"


def command_size(record):
    """The --size a run was started with (sweep command for failed runs), or None."""
    command = (record.get("sweep") or {}).get("command") or \
        (record.get("provenance") or {}).get("command") or []
    for index, arg in enumerate(command):
        if arg == "--size" and index + 1 < len(command):
            return parse_size(command[index + 1])
        if isinstance(arg, str) and arg.startswith("--size="):
            return parse_size(arg[len("--size="):])
    return None


def study_size(record):
    """The size that identifies a record's study: global size (strong) or size per core
    (weak). None for a failed run started without --size (its size is unknown)."""
    requested = command_size(record)
    if record["status"] == "failed":
        return requested
    if record["scaling"] == "strong":
        return int(record["size"])
    if requested is not None:
        return requested
    return int(round(record.get("size_per_core", record["size"] / record["cores"])))


def model_rank(model):
    return MODEL_ORDER.index(model) if model in MODEL_ORDER else len(MODEL_ORDER)


@dataclass
class Run:
    """One configuration (model, ranks x threads) of a study: its measured times."""
    model: str
    ranks: int
    threads: int
    time: object        # uncertainty.Uncertain: median time per rep, its CI or the reason
    samples: list | None  # every timed rep of every record, None when some record has none
    tmin: float
    tmax: float
    records: list

    @property
    def median(self):
        return self.time.value

    @property
    def n(self):
        """Timed reps pooled (0 without samples)."""
        return len(self.samples) if self.samples else 0

    @cached_property
    def replicates(self):
        """Bootstrap medians of the pooled samples, for CIs of ratios (None without)."""
        if self.time.ci is None:
            return None
        return bootstrap_medians(self.samples, self.label)

    @property
    def verified(self):
        return all(r["status"] == "ok" for r in self.records)

    @property
    def cores(self):
        return self.ranks * self.threads

    @property
    def layout(self):
        return f"{self.ranks}x{self.threads}"

    @property
    def label(self):
        return f"{self.model} {self.layout}"

    @property
    def first(self):
        return self.records[0]

    @property
    def size_per_core(self):
        record = self.first
        return record.get("size_per_core", record["size"] / record["cores"])

    @property
    def breakdown(self):
        return next((r["breakdown"] for r in self.records if r.get("breakdown")), None)


@dataclass
class Study:
    workload: str
    scaling: str
    size: int | None
    runs: list = field(default_factory=list)      # measured configurations
    failures: list = field(default_factory=list)  # failed / verification_failed records
    notes: list = field(default_factory=list)     # how the input was interpreted
    id: str = ""

    @property
    def simulated_only(self):
        """A study of simulated runs only (scalelab.plot.simulated): nothing measured."""
        return not self.runs

    @property
    def title(self):
        size = "default size" if self.size is None else \
            f"size {format_size(self.size)}{' per core' if self.scaling == 'weak' else ''}"
        return f"{self.workload}: {self.scaling} scaling, {size}" + \
            (", simulated only" if self.simulated_only else "")

    @property
    def records(self):
        return [r for run in self.runs for r in run.records]

    def runs_of(self, model):
        return sorted((run for run in self.runs if run.model == model),
                      key=lambda run: (run.cores, run.ranks))


def record_samples(record):
    """A record's per-rep seconds, or None when it predates them. A malformed list is bad
    input (InputError), not a silent fallback."""
    samples = record["time"].get("samples")
    if samples is None:
        return None
    if not isinstance(samples, list) or not samples or not all(
            isinstance(s, (int, float)) and not isinstance(s, bool) and math.isfinite(s)
            and s >= 0 for s in samples):
        where = record.get("_source", describe(record))
        raise InputError(f"{where}: 'time.samples' must be a non-empty list of seconds")
    return samples


def merge_runs(model, ranks, threads, records, notes):
    per_record = [record_samples(r) for r in records]
    samples = None if any(s is None for s in per_record) else \
        [s for one in per_record for s in one]
    if len(records) > 1:
        how = f"{len(samples)} timed reps pooled" if samples else \
            "median of their medians: some carry no per-rep samples, no CI"
        notes.append(f"{records[0]['variant']} {ranks}x{threads}: {len(records)} records of "
                     f"the same configuration ({how})")
    return Run(model=model, ranks=ranks, threads=threads,
               time=time_estimate(samples, [r["time"]["median"] for r in records]),
               samples=samples, tmin=min(r["time"]["min"] for r in records),
               tmax=max(r["time"]["max"] for r in records), records=records)


def group_studies(records, simulated_keys=()):
    """Studies in a stable order (workload, strong before weak, size), each with a file-name
    id, and the notes about failures that belong to no study. simulated_keys: the (workload,
    scaling, size) of simulated runs, each a study even when nothing of it was measured."""
    measured = {key: [] for key in simulated_keys}
    for record in records:
        if record["status"] in MEASURED_STATUSES:
            key = (record["workload"], record["scaling"], study_size(record))
            measured.setdefault(key, []).append(record)
    studies = []
    for (workload, scaling, size), study_records in sorted(
            measured.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0)):
        study = Study(workload=workload, scaling=scaling, size=size)
        configs = {}
        for record in study_records:
            configs.setdefault((record["model"], record["ranks"], record["threads"]),
                               []).append(record)
        study.runs = [merge_runs(*config, recs, study.notes)
                      for config, recs in sorted(configs.items(), key=lambda item: (
                          model_rank(item[0][0]), item[0][1] * item[0][2], item[0][1]))]
        studies.append(study)
    assign_ids(studies)
    orphans = attach_failures(studies, records)
    return studies, orphans


def assign_ids(studies):
    for study in studies:
        siblings = [s for s in studies
                    if (s.workload, s.scaling) == (study.workload, study.scaling)]
        study.id = f"{study.workload}-{study.scaling}"
        if len(siblings) > 1:
            study.id += "-" + ("default" if study.size is None else format_size(study.size))
        study.id = re.sub(r"[^A-Za-z0-9_.-]", "_", study.id)


def attach_failures(studies, records):
    """A failed run joins the study of its workload, mode and requested size; with an
    unknown size it joins every study of its workload and mode. Returns the messages about
    failed runs that match no study."""
    orphans = []
    for record in records:
        if record["status"] in MEASURED_STATUSES:
            continue
        size = study_size(record)
        same_mode = [s for s in studies
                     if (s.workload, s.scaling) == (record["workload"], record["scaling"])]
        matching = [s for s in same_mode if size is not None and s.size == size] or \
            (same_mode if size is None else [])
        for study in matching:
            study.failures.append(record)
        if not matching:
            orphans.append(f"{describe(record)} ({record['scaling']}) {record['status']}, "
                           "and no successful run of its study to plot")
    return orphans
