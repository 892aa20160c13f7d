# SPDX-License-Identifier: MIT
"""What ScaleLab's ping-pong probe adds to the latency it measures: the 8-byte blocking half
round trip of `scalelab-costs --probe pingpong` vs a plain 25-line MPI ping-pong
(scalelab-pingpong-reference), both mpirun -n 2 --bind-to core, medians over batches of 1000
round trips. Equal exposure: each rep of ours runs 11 batches (0-8 B, blocking and
nonblocking), so the reference runs 11 (reps + 1) batches. Both must use shared memory: ours
by the record's transport verdict, the reference by its latency within the same bound.
--table afterwards runs every probe once and prints scripts/latency-table."""

import os
import subprocess
import sys

from scalelab.bench.spec import BenchFailure, Group, Option, Ratio, Run, Spec, at_least
from scalelab.commands.latency_table import main as latency_table_main

BOUND_US = 5.0  # kSharedMemoryBoundUs in apps/costs/transport.hpp
TRIPS = 1000  # round trips of 8 B per batch (round_trips_for(8) in the probe)


def entry(record):
    return next(e for e in record["result"]["table"] if e["bytes"] == 8)


def probe_as_expected(record, variables):
    table, transport = record["result"]["table"], record["result"]["transport"]
    shape = ([e["bytes"] for e in table], {e["round_trips"] for e in table},
             record["reps"] + record["warmup"])
    if shape != ([0, 1, 2, 4, 8], {TRIPS}, variables["reps"] + 1):
        return f"the probe ran sizes, round trips and batches {shape}: update this spec"
    if transport["kind"] != "shared-memory":
        return f"ours did not get shared memory: {transport['kind']} ({transport['evidence']})"
    return None


def reference_us(stdout, _seconds):
    for line in stdout.splitlines():
        if line.startswith("bytes=8 ") and " median=" in line:
            us = float(line.split(" median=")[1].split()[0])
            if us > BOUND_US:
                raise BenchFailure(f"the reference took {us} us > {BOUND_US}: not shared memory")
            return us
    raise BenchFailure("cannot parse scalelab-pingpong-reference's output")


def latency_table(ctx):
    if not ctx.vars["table"]:
        return
    records = ctx.vars["records"] or os.path.join(ctx.work, "costs.jsonl")
    costs, n = f"{ctx.vars['bin']}/scalelab-costs", max(os.cpu_count() or 2, 2)
    env = {**ctx.env, "OMP_PROC_BIND": "close", "OMP_PLACES": "cores"}
    for run in (f"{costs} --probe spawn --model openmp", f"{costs} --probe memory",
                f"mpirun -n 2 --bind-to core {costs} --model mpi --probe pingpong",
                f"mpirun -n {n} --oversubscribe --bind-to core {costs} --model mpi --probe "
                "collectives"):
        done = subprocess.run(run.split() + ["--quiet", "--output", records], env=env,
                              capture_output=True, text=True, timeout=ctx.spec.timeout)
        if done.returncode:
            raise BenchFailure(f"'{run}' exited {done.returncode}: {done.stdout[-2000:]}")
    sys.stdout.flush()
    if latency_table_main([records]):
        raise BenchFailure(f"scripts/latency-table could not read {records}")


SPEC = Spec(
    name="costs", summary="the ping-pong probe's latency vs a plain MPI ping-pong",
    about=__doc__,
    apps=("scalelab-costs", "scalelab-pingpong-reference"), tools=("mpirun",), rounds=7,
    options=[Option("reps", 50, "the probe's repetitions, 1000 round trips each",
                    parse=at_least(1)),
             Option("table", False, "afterwards, run every probe once and print the latency "
                    "table", flag=True),
             Option("records", "", "append --table's records to this file", parse=str)],
    groups=[Group("pingpong", [
        Run("ours", "mpirun -n 2 --bind-to core {bin}/scalelab-costs --model mpi --probe pingpong"
            " --size 8 --reps {reps} --warmup 1", lambda r: entry(r)["blocking"][
                "half_round_trip_us"]["median"], unit="us", layout=(2, 1),
            check=probe_as_expected),
        Run("reference", "mpirun -n 2 --bind-to core {bin}/scalelab-pingpong-reference 8 "
            f"{TRIPS} {{ref_batches}}", reference_us, unit="us", record=False)])],
    ratios=[Ratio("ours / reference (the probe adds <= 5 %)", "pingpong/ours",
                  "pingpong/reference", 1.05, at_most=True)],
    provides=("ref_batches",),
    setup=lambda ctx: ctx.vars.update(ref_batches=11 * (ctx.vars["reps"] + 1)),
    finish=latency_table,
)
