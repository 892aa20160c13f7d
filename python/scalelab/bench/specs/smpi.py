# SPDX-License-Identifier: MIT
"""What a simulated run costs: per workload and simulated rank count, one strong-scaling run
of the SMPI build (scripts/simulate, the ib-hdr-fat-tree preset, the workload's default
size) with 1 timed rep and 1 warm-up: the simulator's wall time, that time per simulated
rank-step (one rank doing one rep, warm-up included), and its peak resident memory (all
ranks live in one smpimain process). A cost table, not a comparison: every run once."""

from scalelab.bench.spec import Group, Option, Run, Spec, at_least


def names(text):
    words = text.replace(",", " ").split()
    if not words:
        raise ValueError("give at least one")
    return words


def wall_s(record):
    return record["provenance"]["simulation"]["wall_s"]


def groups(variables):
    return [Group(w, [Run(f"{r} ranks", f"{{root}}/scripts/simulate strong {w} --platform "
                                        f"ib-hdr-fat-tree --ranks {r} --reps 1 --warmup 1 "
                                        "--timeout {timeout}", wall_s, unit="wall s",
                          output_option="--out",
                          extras={"simulated s": "time.median", "wall ms per rank-rep":
                                  lambda rec, r=int(r): wall_s(rec) / (r * 2) * 1e3})
                      for r in variables["ranks"]]) for w in variables["workloads"]]


SPEC = Spec(
    name="smpi", summary="what a simulated run costs: wall time and memory per rank count",
    about=__doc__,
    preset="smpi", tools=("smpirun",), one_pass=True, in_all=False, groups=groups, ratios=[],
    apps=("scalelab-pi", "scalelab-heat", "scalelab-matmul", "scalelab-wordcount"),
    options=[Option("ranks", "1024 4096", "simulated rank counts", parse=names),
             Option("workloads", "pi heat matmul wordcount", "workloads", parse=names),
             Option("timeout", 1200, "seconds per run", parse=at_least(1))],
    timeout=100000, peak_memory=True,
    notes=["peak MB: the simulator's peak resident memory (all ranks in one process)"],
)
