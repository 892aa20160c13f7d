# SPDX-License-Identifier: MIT
"""Prints a comparison table of ScaleLab run records, each configuration with its uncertainty.

usage: scripts/table RECORDS.jsonl [...] [--csv]

One row per configuration (workload, scaling, size, model, ranks x threads), grouped by
workload and scaling mode. A configuration's runs (its records: repeated runs, sweep rounds)
are pooled: the median of all their timed reps (`time.samples`), its 95 % confidence
interval (order statistics, scripts/scalelab_stats.py) and the number of samples n. Fewer
than 6 samples give no 95 % interval, and the row says so; records written before samples
were recorded give the median of their runs' medians and say "no samples recorded".

Speed-up (strong scaling) or weak-scaling efficiency is against the fastest verified 1-core
configuration of the workload, named in the line above its table: baseline median over the
configuration's median. The figures of merit are the medians over the configuration's runs.

--csv prints one machine-readable row per configuration instead, header first: workload,
scaling, size, model, variant, ranks, threads, cores, runs (measured), failed_runs, n,
median_s, ci_low, ci_high (empty without a CI), baseline, speedup (strong) or
weak_efficiency (weak), verified, then fom_<name> for every figure of merit.

Exit status: 0 printed; 2 bad usage, unreadable record files, or no records.
"""

import argparse
import csv
import signal
import sys

from scalelab.cli import OneLineParser
from scalelab.records import RecordError, fom_text, is_number, read_files, source_of
from scalelab.stats import median, median_ci, min_samples_for_ci

MODEL_ORDER = ["serial", "eigen", "openmp", "mpi", "hybrid"]
MEASURED = ("ok", "verification_failed", "reported")
CSV_COLUMNS = ["workload", "scaling", "size", "model", "variant", "ranks", "threads", "cores",
               "runs", "failed_runs", "n", "median_s", "ci_low", "ci_high", "baseline",
               "speedup", "weak_efficiency", "verified", "source"]  # then fom_<name> per FOM


class Configuration:
    """The runs of one configuration and what the table says about them."""

    def __init__(self, runs):
        first = runs[0]
        self.workload, self.scaling, self.size = first["workload"], first["scaling"], first["size"]
        self.model, self.variant = first["model"], first["variant"]
        self.source = source_of(first)  # simulated runs form sections of their own
        self.ranks, self.threads, self.cores = first["ranks"], first["threads"], first["cores"]
        self.measured = [r for r in runs if r["status"] in MEASURED]
        self.failed = [r for r in runs if r["status"] not in MEASURED]
        sampled = [samples_of(r) for r in self.measured]
        self.samples = [s for samples in sampled if samples for s in samples]
        self.unsampled = sum(1 for samples in sampled if not samples)
        medians = [r["time"]["median"] for r in self.measured
                   if isinstance(r["time"], dict) and is_number(r["time"].get("median"))]
        if self.samples:
            self.median = median(self.samples)
        else:
            self.median = median(medians) if medians else None
        self.ci = median_ci(self.samples) if self.samples else None

    @property
    def verified(self):
        """yes: every run verified; NO: a run gave a wrong answer; reported: not verified by
        design (e.g. a deliberately racy variant); FAILED: no run measured anything."""
        if not self.measured:
            return "FAILED"
        if any(r["status"] == "verification_failed" or (r["status"] == "ok" and not r["verified"])
               for r in self.measured):
            return "NO"
        return "reported" if any(r["status"] == "reported" for r in self.measured) else "yes"

    def ci_text(self):
        if self.ci:
            return f"{self.ci[0]:.4g} .. {self.ci[1]:.4g}"
        if self.samples:
            return f"n={len(self.samples)}: too few for a 95 % CI"
        return "no samples recorded" if self.measured else "-"

    def foms(self):
        """Median of each figure of merit over the runs (null where no run has a number)."""
        names = [name for r in self.measured if isinstance(r["fom"], dict) for name in r["fom"]]
        merged = {}
        for name in dict.fromkeys(names):
            values = [r["fom"][name] for r in self.measured
                      if isinstance(r["fom"], dict) and is_number(r["fom"].get(name))]
            merged[name] = median(values) if values else None
        return merged

    def sort_key(self):
        order = MODEL_ORDER.index(self.model) if self.model in MODEL_ORDER else len(MODEL_ORDER)
        return self.cores, order, self.model, self.ranks, str(self.size)


def samples_of(record):
    """A record's timed reps in seconds, or None (older records, other shapes)."""
    time = record.get("time")
    samples = time.get("samples") if isinstance(time, dict) else None
    if isinstance(samples, list) and samples and all(is_number(s) and s >= 0 for s in samples):
        return samples
    return None


def configurations(records):
    """(workload, scaling, source) -> its configurations, each pooling its records; measured
    and each simulated platform apart (simulated seconds are not measured ones)."""
    groups = {}
    for r in records:
        key = (source_of(r), r["workload"], r["scaling"], str(r["size"]), r["model"], r["ranks"],
               r["threads"])
        groups.setdefault(key, []).append(r)
    sections = {}
    for runs in groups.values():
        config = Configuration(runs)
        sections.setdefault((config.workload, config.scaling, config.source),
                            []).append(config)
    for configs in sections.values():
        configs.sort(key=Configuration.sort_key)
    return dict(sorted(sections.items()))


def baseline_of(configs):
    """The fastest verified 1-core configuration, or None."""
    candidates = [c for c in configs if c.cores == 1 and c.verified == "yes"
                  and c.median is not None and c.median > 0]
    return min(candidates, key=lambda c: c.median) if candidates else None


def ratio(baseline, config):
    if baseline is None or config.median is None or config.median <= 0:
        return None
    return baseline.median / config.median


def describe(config):
    return f"{config.variant} {config.ranks} x {config.threads} (size {config.size})"


def print_section(workload, scaling, source, configs):
    baseline = baseline_of(configs)
    column = "speed-up" if scaling == "strong" else "weak eff"
    print(f"{workload}, {scaling} scaling" + ("" if source == "measured" else
                                              f", {source} (simulated seconds)"))
    if baseline:
        # Strong scaling: speed-up; weak: efficiency T_base / T (ideal 1).
        print(f"{column} against {describe(baseline)}, median {baseline.median:.4g} s: the "
              f"fastest verified 1-core configuration")
    else:
        print(f"{column}: none, no verified 1-core configuration")
    width = max(len("variant"), *(len(c.variant) for c in configs))
    print(f"{'variant':<{width}} {'size':>10} {'ranks x thr':>11} {'cores':>5} {'median s':>10} "
          f"{'95 % CI of the median, s':<28} {'n':>4} {column:>8}  {'verified':<8} "
          "figure of merit")
    for c in configs:
        layout = f"{c.ranks} x {c.threads}"
        median_text = "-" if c.median is None else f"{c.median:.4g}"
        value = ratio(baseline, c)
        shown = "-" if value is None else (f"{value:.2f}x" if scaling == "strong"
                                           else f"{value:.2f}")
        n = str(len(c.samples)) if c.samples else "-"
        notes = []
        if c.measured:
            notes.append(fom_text(c.foms(), leave_out=("ms_per_rep",)))  # time says it
        if c.samples and c.unsampled:
            notes.append(f"{c.unsampled} run(s) without samples left out")
        if c.failed:
            message = c.failed[-1].get("message", "")
            notes.append(f"{len(c.failed)} failed run(s): {message}".rstrip(": "))
        print(f"{c.variant:<{width}} {str(c.size):>10} {layout:>11} {c.cores:>5} {median_text:>10} "
              f"{c.ci_text():<28} {n:>4} {shown:>8}  {c.verified:<8} {'; '.join(notes)}")
    print()


def csv_row(config, baseline):
    value = ratio(baseline, config)
    foms = config.foms() if config.measured else {}
    return {"workload": config.workload, "scaling": config.scaling, "size": config.size,
            "model": config.model, "variant": config.variant, "ranks": config.ranks,
            "threads": config.threads, "cores": config.cores, "runs": len(config.measured),
            "failed_runs": len(config.failed),
            "n": len(config.samples), "median_s": config.median,
            "ci_low": config.ci[0] if config.ci else None,
            "ci_high": config.ci[1] if config.ci else None,
            "baseline": describe(baseline) if baseline else None,
            "speedup": value if config.scaling == "strong" else None,
            "weak_efficiency": value if config.scaling == "weak" else None,
            "verified": config.verified, "source": config.source,
            **{f"fom_{name}": value for name, value in foms.items()}}


def print_csv(sections):
    names = sorted({f"fom_{name}" for configs in sections.values() for c in configs
                    if c.measured for name in c.foms()})
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS + names, lineterminator="\n")
    writer.writeheader()
    for configs in sections.values():
        baseline = baseline_of(configs)
        for config in configs:
            writer.writerow({k: "" if v is None else v
                             for k, v in csv_row(config, baseline).items()})


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `scripts/table ... | head` ends quietly
    parser = OneLineParser(prog="table", description=__doc__.split("\n\n")[0],
                           epilog="\n\n".join(__doc__.split("\n\n")[2:]),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", help="JSONL record files")
    parser.add_argument("--csv", action="store_true",
                        help="one comma-separated row per configuration")
    args = parser.parse_args(argv)
    try:
        records, warnings = read_files(args.files)
    except RecordError as error:
        print(f"table: error: {error}", file=sys.stderr)
        return 2
    if not records:
        print("table: error: no records in " + ", ".join(args.files), file=sys.stderr)
        return 2
    sys.stderr.write(warnings)
    sections = configurations(records)
    if args.csv:
        print_csv(sections)
        return 0
    for (workload, scaling, source), configs in sections.items():
        print_section(workload, scaling, source, configs)
    if any(c.samples and not c.ci for configs in sections.values() for c in configs):
        print(f"A 95 % CI of a median needs at least {min_samples_for_ci()} samples: "
              "more --reps, or more runs (sweep --rounds).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
