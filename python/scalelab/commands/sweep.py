# SPDX-License-Identifier: MIT
"""Runs a strong- or weak-scaling study of one ScaleLab workload and records every run.

usage: scripts/sweep strong|weak WORKLOAD [options]
       scripts/sweep --plan study.toml|study.json [options]

For each core count it runs openmp with that many threads (vertical scaling), mpi with that
many ranks (horizontal scaling), hybrid with every ranks x threads layout whose product is
the core count, and the serial and eigen baselines once. One record per run is appended to
--out; a run that fails is recorded with status "failed" and its message. Started again with
the same arguments, the sweep skips configurations already recorded (resume).

With --rounds R every configuration runs once per round, each round in a fresh random order,
so drift on a busy machine hits all configurations alike; --precision P adds rounds until
every configuration's 95 % confidence interval of the median is within P of it.
"""

import argparse
import os
import signal
import sys

from scalelab.sweep.config import UsageError, plans_from_args
from scalelab.sweep.runner import Runner


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="sweep", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", choices=["strong", "weak"],
                        help="strong: --size is global; weak: --size is per core")
    parser.add_argument("workload", nargs="?", help="e.g. pi, triad")
    parser.add_argument("--plan", help="study file (.toml or .json) listing several studies")
    parser.add_argument("--models", default="serial,openmp,mpi,hybrid,eigen",
                        help="comma-separated models (default: all five)")
    parser.add_argument("--cores", help="comma-separated core counts (default: 1,2,4,... up to "
                        "the cores available here or in the SLURM allocation)")
    parser.add_argument("--size", help="problem size (strong: global; weak: per core); "
                        "default: the workload's own")
    parser.add_argument("--reps", type=int, default=3, help="timed repetitions per run")
    parser.add_argument("--warmup", type=int, default=1, help="untimed repetitions per run")
    parser.add_argument("--out", help="JSONL file to append to "
                        "(default: results/<workload>-<mode>.jsonl)")
    parser.add_argument("--bin-dir", default=None, help="where scalelab-<workload> lives (default: "
                        "$SCALELAB_BIN_DIR, set by the installed scalelab-sweep to its own "
                        "bin/, else build/bin of this checkout)")
    parser.add_argument("--launcher", choices=["auto", "mpirun", "srun"],
                        default=os.environ.get("SCALELAB_LAUNCHER", "auto"),
                        help="how MPI runs start (default: $SCALELAB_LAUNCHER, else auto: "
                        "mpirun, i.e. $SCALELAB_MPIRUN or mpirun on PATH, Open MPI or MPICH)")
    parser.add_argument("--srun-mpi", default=os.environ.get("SCALELAB_SRUN_MPI"),
                        metavar="PLUGIN", help="srun --mpi=PLUGIN for --launcher srun (default: "
                        "$SCALELAB_SRUN_MPI, else the cluster's MpiDefault)")
    parser.add_argument("--virtual-cluster", metavar="spread|packed",
                        help="run MPI layouts on the virtual cluster (slurm/virtual-cluster.sh "
                        "up N first): spread = one rank per namespace host, TCP between them; "
                        "packed = all ranks on one host, shared memory")
    parser.add_argument("--oversubscribe", action="store_true",
                        help="allow more cores than this machine or allocation has")
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first failed run")
    parser.add_argument("--retry-failed", action="store_true",
                        help="on resume, run again the configurations recorded as failed")
    parser.add_argument("--dry-run", action="store_true", help="print the commands only")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every configuration once per round, each round in a fresh "
                        "random order (default 1: one pass in the listed order)")
    parser.add_argument("--order-seed", type=int, default=None,
                        help="seed of the rounds' orders (default: drawn once, recorded, and "
                        "read back from --out on resume)")
    parser.add_argument("--precision", default=None,
                        help="after --rounds, add rounds until every configuration's 95 %% CI "
                        "half-width is within this fraction of its median (5%% or 0.05)")
    parser.add_argument("--max-rounds", type=int, default=None,
                        help="with --precision: at most this many rounds (default: 10, or "
                        "--rounds if larger)")
    parser.add_argument("--time-budget", type=float, default=None,
                        help="with --precision: add no round that would end later than this "
                        "many seconds after the sweep started")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds before one run is killed and recorded as failed")
    parser.add_argument("--app-args", default="",
                        help="extra options passed to every run, e.g. \"--scalar 2\"")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        plans = plans_from_args(args)
        runner = Runner(args)
        # SLURM sends SIGTERM before the time limit: finish cleanly so a resubmission
        # resumes. Installed before check(), which already starts the binaries.
        signal.signal(signal.SIGTERM, runner.interrupt)
        signal.signal(signal.SIGINT, runner.interrupt)
        runner.check(plans)
        # A record file --out that is not one (nothing in it is a record) is found when the
        # sweep reads it to resume: usage too.
        return runner.run(plans)
    except UsageError as error:
        print(f"sweep: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
