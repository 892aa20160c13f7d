# SPDX-License-Identifier: MIT
"""pi and triad beside plain references. pi: every model at 1 and 2 cores vs xoshiro256+ in
AVX-512 lanes at the same thread count (scalelab-pi-simd-reference), and each parallel
model's 2-core rate over its 1-core rate. triad: openmp/eigen GB/s with plain stores vs
likwid-bench's stream triad, with streaming stores vs its stream_mem triad (same threads,
same size), and streaming over plain: what write-allocate costs."""

from scalelab.bench import likwid
from scalelab.bench.spec import Group, Option, Ratio, Run, Spec, app, count, float_after

PI = "--size {pi_size} --reps {pi_reps} --warmup 1"
PI_1 = [("serial", "serial", 1, 1), ("openmp@1", "openmp", 1, 1), ("mpi@1", "mpi", 1, 1),
        ("hybrid@1", "hybrid", 1, 1), ("eigen", "eigen", 1, 1)]
PI_2 = [("openmp@2", "openmp", 1, 2), ("mpi@2", "mpi", 2, 1), ("hybrid@1x2", "hybrid", 1, 2),
        ("hybrid@2x1", "hybrid", 2, 1)]
TRIAD = [(1, ("openmp", "eigen")), (2, ("openmp",))]
STORES = {"plain": "likwid_plain", "streaming": "likwid_mem"}


def gb_per_s_mean(record):
    """Bytes over the MEAN sweep, as likwid-bench reports (the record's fom uses the median)."""
    return record["work"]["bytes_per_rep"] / record["time"]["mean"] / 1e9


def pi_group(cores, runs):
    ref = Run("reference", f"{{bin}}/scalelab-pi-simd-reference {{pi_size}} {cores}",
              float_after("samples_per_s="), unit="samples/s", record=False)
    return Group(f"p{cores}", [app(n, "scalelab-pi", m, r, t, PI, value="fom.samples_per_s",
                                   unit="samples/s") for n, m, r, t in runs], ref)


def triad_group(threads, models, stores):
    return Group(f"t{threads}-{stores}", [
        app(m, "scalelab-triad", m, 1, threads, f"--reps {{triad_reps}} --warmup 2 --stores "
            f"{stores}", value=gb_per_s_mean, unit="GB/s") for m in models],
        likwid.triad("likwid", STORES[stores], threads, "triad_reps"))


def setup(ctx):
    likwid.choose_kernels(ctx)
    # scalelab-triad's default size (4x the last-level cache) is what it is meant to run at:
    # learnt from a record rather than hard-coded.
    probe = ctx.run(app("probe", "scalelab-triad", "openmp", args="--reps 1 --warmup 0",
                        value="size"))
    ctx.vars["likwid_bytes"] = 3 * 8 * int(probe["value"])
    ctx.header.append(("triad", f"{int(probe['value'])} elements per array, "
                                f"{ctx.vars['triad_reps']} reps + 2 warm-up"))


SPEC = Spec(
    name="basics", summary="pi vs a SIMD reference, triad vs likwid-bench, 2-core scaling",
    about=__doc__,
    apps=("scalelab-pi", "scalelab-triad", "scalelab-pi-simd-reference"),
    tools=("mpirun", "likwid-bench"), setup=setup,
    provides=("likwid_plain", "likwid_mem", "likwid_bytes"),
    options=[Option("pi-size", "1G", "pi samples per run (k/M/G suffixes)", "200M", count)],
    values={"pi_reps": 3, "triad_reps": 20}, quick_values={"triad_reps": 10},
    groups=[pi_group(1, PI_1), pi_group(2, PI_2)] + [
        triad_group(t, models, s) for t, models in TRIAD for s in STORES],
    ratios=[Ratio(f"pi {a} 2 cores / {b}", f"p2/{a}", f"p1/{b}", 1.85) for a, b in
            [("openmp@2", "openmp@1"), ("mpi@2", "mpi@1"), ("hybrid@1x2", "hybrid@1"),
             ("hybrid@2x1", "hybrid@1")]]
    + [Ratio(f"pi {n} / SIMD ref", f"p{c}/{n}", target=0.90)
       for c, runs in ((1, PI_1), (2, PI_2)) for n, *_ in runs]
    + [Ratio(f"triad {m} {t}t {s} / likwid", f"t{t}-{s}/{m}", target=0.95)
       for t, models in TRIAD for s in STORES for m in models]
    + [Ratio(f"triad {m} {t}t streaming / plain", f"t{t}-streaming/{m}", f"t{t}-plain/{m}")
       for t, models in TRIAD for m in models],
)
