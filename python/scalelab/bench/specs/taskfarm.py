# SPDX-License-Identifier: MIT
"""Does dynamic scheduling keep 2 workers busy, and how much does it beat a static split when
task costs are sorted by size? 1. exponential costs: makespan efficiency (ideal / makespan)
of --schedule dynamic (openmp 2 threads; mpi 2 ranks, master-worker) and of the same tasks
run one process each by `xargs -P2` over scalelab-taskfarm-reference (the OS as the task
farm). 2. linear (sorted) costs: makespan of static over dynamic, with each run's imbalance
(max / mean busy time). Every run of a part must compute the same combined result."""

from scalelab.bench.spec import BenchFailure, Group, Ratio, Run, Spec, app

FARM = "--size {farm_tasks} --mean-work 5000000 --seed 42 --reps 1 --warmup 0"
SORTED = "--size {sorted_tasks} --mean-work 100000 --seed 42 --reps 3 --warmup 0"


def ours(name, costs, schedule, value, args):
    model, ranks, threads = ("mpi", 2, 1) if name.startswith("mpi") else ("openmp", 1, 2)
    return app(name, "scalelab-taskfarm", model, ranks, threads,
               f"--costs {costs} --schedule {schedule} {args}", value=value,
               unit="efficiency" if costs == "exponential" else "makespan s",
               answer=lambda r: str(r["result"]["combined"]),
               extras={"imbalance": "result.imbalance"} if costs == "linear" else {})


def lines_of(stdout):
    return [dict(kv.split("=") for kv in line.split()) for line in stdout.splitlines() if line]


def xargs_efficiency(stdout, seconds):
    """Total busy time over 2 workers x the wall time; every task must have run once."""
    tasks = lines_of(stdout)
    if len({int(t["task"]) for t in tasks}) != len(tasks) or not tasks:
        raise BenchFailure(f"the xargs reference ran {len(tasks)} tasks, some twice")
    return sum(float(t["busy_s"]) for t in tasks) / 2 / seconds


XARGS = Run("xargs", "sh -c 'seq 0 $(({farm_tasks} - 1)) | xargs -P2 -n1 "
            "{bin}/scalelab-taskfarm-reference exponential 5000000 {farm_tasks} 42'",
            xargs_efficiency, unit="efficiency", record=False,
            ran="xargs -P2 -n1 over scalelab-taskfarm-reference, 2 processes; efficiency: the "
                "tasks' own busy times over the pipeline's wall time",
            answer=lambda out: str(sum(int(t["result"]) for t in lines_of(out)) % 2**64))

SPEC = Spec(
    name="taskfarm", summary="dynamic scheduling's efficiency vs xargs -P2; static vs dynamic",
    about=__doc__,
    apps=("scalelab-taskfarm", "scalelab-taskfarm-reference"), tools=("mpirun", "xargs"),
    values={"farm_tasks": 160, "sorted_tasks": 2000},
    quick_values={"farm_tasks": 80, "sorted_tasks": 1000},
    groups=[Group("farm", [XARGS] + [ours(m, "exponential", "dynamic", "result.efficiency", FARM)
                                     for m in ("openmp", "mpi")]),
            Group("sorted", [ours(f"{m}-{s}", "linear", s, "result.makespan_s", SORTED)
                             for m in ("openmp", "mpi") for s in ("static", "dynamic")])],
    ratios=[Ratio(f"{m} dynamic efficiency, exponential", f"farm/{m}", None, 0.95)
            for m in ("openmp", "mpi")]
    + [Ratio(f"{m} efficiency / xargs", f"farm/{m}", "farm/xargs") for m in ("openmp", "mpi")]
    + [Ratio(f"{m} static / dynamic makespan, sorted", f"sorted/{m}-static",
             f"sorted/{m}-dynamic", 1.3) for m in ("openmp", "mpi")],
    notes=["efficiency: ideal / makespan (ideal = total busy time / 2 workers); a static split "
           "of sorted costs has imbalance 1.5 on an idle machine"],
)
