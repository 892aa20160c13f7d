# SPDX-License-Identifier: MIT
"""scalelab-matmul beside OpenBLAS's DGEMM (its best kernel for this CPU, printed as `Core:`)
at the same n and thread count: eigen and the blocked openmp kernel at 1 thread; mpi 2x1,
hybrid 1x2 and openmp at 2 cores. And the lesson: the textbook loop (serial) vs eigen on one
core at a smaller n, what the algorithm and vectorisation buy next to the at most 2x of a
second core. mpi and hybrid report their communication share of the rep."""

import subprocess

from scalelab.bench.spec import Group, Option, Ratio, Run, Spec, app, at_least, float_after

ONE = [("eigen", "eigen", 1, 1, 0.9), ("openmp", "openmp", 1, 1, 0.3)]
TWO = [("mpi-2x1", "mpi", 2, 1, 0.8), ("hybrid-1x2", "hybrid", 1, 2, 0.8),
       ("openmp-2t", "openmp", 1, 2, 0.3)]


def communication_share(record):
    b = record.get("breakdown") or {}
    return b["communication"] / (b["communication"] + b["compute"]) if b else float("nan")


def ours(name, model, ranks, threads, args="--size {size} --reps {reps} --warmup 1"):
    return app(name, "scalelab-matmul", model, ranks, threads, args, value="fom.GFLOP_per_s",
               unit="GFLOP/s", extras={"communication share": communication_share}
               if model in ("mpi", "hybrid") else {})


def group(cores, runs):
    ref = Run("openblas", f"{{bin}}/scalelab-matmul-reference {{size}} {cores} {{reps}}",
              float_after("gflops_per_s="), unit="GFLOP/s", record=False)
    return Group(f"{cores}c", [ours(n, m, r, t) for n, m, r, t, _ in runs], ref)


def setup(ctx):
    """The reference says which OpenBLAS kernel it runs (`Core: ...`)."""
    out = subprocess.run([f"{ctx.vars['bin']}/scalelab-matmul-reference", "200", "1", "1"],
                         capture_output=True, text=True, env=ctx.env).stdout
    core = [line for line in out.splitlines() if line.startswith("Core: ")]
    ctx.header.append(("OpenBLAS", core[0] if core else "Core: (not reported)"))


SPEC = Spec(
    name="matmul", summary="matmul vs OpenBLAS DGEMM at 1 and 2 cores; textbook loop vs eigen",
    about=__doc__,
    apps=("scalelab-matmul", "scalelab-matmul-reference"), tools=("mpirun",), setup=setup,
    options=[Option("size", 2000, "n of the OpenBLAS comparisons", 1000, at_least(1)),
             Option("serial-size", 1000, "n of the serial-vs-eigen lesson", 500, at_least(1))],
    values={"reps": 5}, quick_values={"reps": 3},
    groups=[group(1, ONE), group(2, TWO),
            Group("lesson", [ours("serial", "serial", 1, 1,
                                  "--size {serial_size} --reps 1 --warmup 0"),
                             ours("eigen-small", "eigen", 1, 1,
                                  "--size {serial_size} --reps {reps} --warmup 1")])],
    ratios=[Ratio(f"{n} / OpenBLAS {c} thread(s)", f"{c}c/{n}", target=t)
            for c, runs in ((1, ONE), (2, TWO)) for n, _, _, _, t in runs]
    + [Ratio("lesson: eigen / serial (textbook loop)", "lesson/eigen-small", "lesson/serial")],
)
