# SPDX-License-Identifier: MIT
"""scalelab-heat beside a plain OpenMP Jacobi loop (scalelab-heat-reference, same build), as
cell updates/s: openmp at 1 and 2 threads vs the loop at the same thread count; serial and
eigen vs the loop at 1 thread; mpi 2 ranks, hybrid 2x1 and 1x2 vs openmp at 2 threads (all
with plain stores, as the loop writes). Streaming stores: effective GB/s (16 B per update)
vs likwid-bench's non-temporal triad at the same thread count. Temporal blocking:
--time-block K vs the same layout without it at 2 cores."""

from scalelab.bench import likwid
from scalelab.bench.spec import Group, Option, Ratio, Run, Spec, app, at_least, float_after

HEAT = "{grid} --steps {steps} --reps {reps} --warmup 1"
LAYOUTS = [("mpi@2", "mpi", 2, 1), ("hybrid@2x1", "hybrid", 2, 1), ("hybrid@1x2", "hybrid", 1, 2)]
BLOCKED = [("openmp@2", "openmp", 1, 2), ("mpi@2", "mpi", 2, 1), ("hybrid@1x2", "hybrid", 1, 2)]


def heat(name, model, ranks, threads, args="--stores plain", value="fom.cell_updates_per_s",
         unit="cell updates/s"):
    return app(name, "scalelab-heat", model, ranks, threads, f"{HEAT} {args}", value=value,
               unit=unit)


def reference(threads):
    return Run("reference", "{bin}/scalelab-heat-reference {nx} {ny} {steps} {reps}",
               float_after("cell_updates_per_s="), unit="cell updates/s", record=False,
               env={"OMP_NUM_THREADS": str(threads)})


def streaming(threads):
    ours = heat(f"openmp@{threads}", "openmp", 1, threads, "--stores streaming",
                lambda r: r["fom"]["cell_updates_per_s"] * 16 / 1e9, "GB/s")
    return Group(f"nt{threads}", [ours], likwid.triad("likwid", "likwid_mem", threads, "reps"))


def setup(ctx):
    likwid.choose_kernels(ctx)
    ctx.vars["grid"] = f"--size {ctx.vars['size']}" if ctx.vars["size"] else ""
    probe = ctx.run(app("probe", "scalelab-heat", "openmp",
                        args="{grid} --steps {steps} --reps 1 --warmup 0",
                        value="params.nx", extras={"ny": "params.ny"}))
    ctx.vars["nx"], ctx.vars["ny"] = int(probe["value"]), int(probe["extras"]["ny"])
    ctx.vars["likwid_bytes"] = 3 * 8 * ctx.vars["nx"] * ctx.vars["ny"]
    ctx.header.append(("grid", f"{ctx.vars['nx']}x{ctx.vars['ny']} cells, {ctx.vars['steps']} "
                               f"steps/rep, {ctx.vars['reps']} reps + 1 warm-up"))


SPEC = Spec(
    name="heat", summary="heat vs a plain OpenMP Jacobi loop and likwid-bench; time blocking",
    about=__doc__,
    apps=("scalelab-heat", "scalelab-heat-reference"), tools=("mpirun", "likwid-bench"),
    setup=setup, provides=("likwid_mem", "likwid_bytes", "grid", "nx", "ny"),
    options=[Option("size", "", "grid NXxNY (default: scalelab-heat's own)", parse=str),
             Option("steps", 32, "time steps per rep (multiples of --time-block)", 16,
                    at_least(1)),
             Option("time-block", 8, "steps per pass of the blocked runs", parse=at_least(2))],
    values={"reps": 5}, quick_values={"reps": 3},
    groups=[Group("t1", [heat("openmp@1", "openmp", 1, 1), heat("serial", "serial", 1, 1),
                         heat("eigen", "eigen", 1, 1)], reference(1), bracket="each"),
            Group("t2", [heat("openmp@2", "openmp", 1, 2)], reference(2)),
            Group("layouts", [heat(n, m, r, t) for n, m, r, t in LAYOUTS]),
            streaming(1), streaming(2),
            Group("tb", [heat(f"{n}{tb}", m, r, t, a) for n, m, r, t in BLOCKED for tb, a in
                         (("", "--stores auto"), ("+tb", "--time-block {time_block}"))])],
    ratios=[Ratio(f"{n} / reference loop", f"t1/{n}", target=0.9 if n == "openmp@1" else None)
            for n in ("openmp@1", "serial", "eigen")]
    + [Ratio("openmp@2 / reference loop", "t2/openmp@2", target=0.9)]
    + [Ratio(f"{n} / openmp@2", f"layouts/{n}", "t2/openmp@2", 0.9) for n, *_ in LAYOUTS]
    + [Ratio(f"streaming openmp@{t} / likwid stream_mem", f"nt{t}/openmp@{t}", target=0.9)
       for t in (1, 2)]
    + [Ratio(f"--time-block / plain, {n}", f"tb/{n}+tb", f"tb/{n}", 2.0) for n, *_ in BLOCKED],
)
