# SPDX-License-Identifier: MIT
"""Simulated vs measured time per rep at the layouts this machine can measure: each
workload's mpi model on 1 and 2 ranks over shared memory and, with --tcp, on 2, 3 and 4
hosts of the virtual cluster over TCP (slurm/virtual-cluster.sh, brought up and down here).
Measured: build/, mpirun. Simulated: build-smpi/, smpirun, on a platform of this machine
whose links have the latency and bandwidth its own ping-pong measures (shared memory, and
TCP between the virtual hosts); computation timed on its own CPU, no fitted speed.

Measured and simulated runs alternate, in --rounds rounds of a fresh random order, so a
machine that drifts over minutes drifts for both. Each row: both medians of the pooled
reps with their 95 % CIs, the simulation's error with its bootstrap CI, scripts/model's
error on the same measured runs, and the share of the CPUs other processes took meanwhile.
A row is judged against the goal (|error| <= 15 %) only where the measured ranks had a
core each (no more ranks than cores; others < 10 %); the rest are shown with the reason.

usage: scripts/validate-simulation [--workloads pi,triad,...] [--reps 5] [--rounds 3]
                                   [--tcp] [--out FILE] [--keep DIR] [--order-seed N]

--out appends the rows as JSON lines ("kind": "simulation_validation") that scripts/report
reads next to simulated records, to say which simulated curves are validated.

Exit status: 0 every judged row within the goal; 1 a judged row outside it, or none judged;
2 bad usage or a run that failed.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile

from scalelab.cli import OneLineParser
from scalelab.model.calibration import calibrate, fit_pingpong
from scalelab.model.predict import validate
from scalelab.model.workloads import WORKLOADS, NoCalibration
from scalelab.paths import ROOT
from scalelab.records import RecordError, append_record, check_appendable
from scalelab.sim.measure import run_for_record
from scalelab.sim.platforms import REFERENCE_SPEED, Platform, PlatformError
from scalelab.sim.smpi import DEFAULT_BIN_DIR, Launch, simgrid_version
from scalelab.sim.validation import GOAL, Layout, compare, pooled_samples, worst_judged
from scalelab.stats import median
from scalelab.sweep.cluster import CLUSTER_SCRIPT, VirtualCluster

MEASURED_BIN_DIR = os.path.join(ROOT, "build", "bin")
SHARED_MEMORY = [Layout("shared memory", 1), Layout("shared memory", 2)]
TCP = [Layout("tcp", 2), Layout("tcp", 3), Layout("tcp", 4)]
# A cluster of its own (prefix, subnet, state), so one the user brought up is never touched.
CLUSTER = {"SCALELAB_VC_PREFIX": "slvalid", "SCALELAB_VC_SUBNET": "10.213.79",
           "SCALELAB_VC_STATE": "/run/scalelab-vc-validate"}
MODEL_NETWORK = {"shared memory": "shm", "tcp": "tcp-measured"}


def parse_args(argv):
    parser = OneLineParser(prog="validate-simulation", description=__doc__.split("\n\n")[0],
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--workloads", default="pi,triad,heat,matmul,wordcount,groupby")
    parser.add_argument("--reps", type=int, default=5, help="timed reps per run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side per layout")
    parser.add_argument("--tcp", action="store_true",
                        help="also 2-4 ranks over TCP on a virtual cluster (needs root)")
    parser.add_argument("--out", help="append the rows to this JSONL file")
    parser.add_argument("--keep", help="directory to keep the records and platforms in")
    parser.add_argument("--order-seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.reps < 1 or args.rounds < 1:
        parser.error("--reps and --rounds must be at least 1")
    if args.out:
        try:
            check_appendable(args.out, "--out")
        except RecordError as error:
            parser.error(str(error))
    for workload in args.workloads.split(","):
        for directory in (MEASURED_BIN_DIR, DEFAULT_BIN_DIR):
            if not os.access(os.path.join(directory, f"scalelab-{workload}"), os.X_OK):
                parser.error(f"--workloads: no {directory}/scalelab-{workload} (build the "
                             "release and smpi presets first)")
    return args


def with_transport(record, network):
    """The measured record tagged with how its ranks talked, as the sweep tags its records,
    so scripts/model calibrates and checks each network apart."""
    record.setdefault("provenance", {})["transport"] = \
        "tcp" if network == "tcp" else "shared-memory"
    return record


def pingpong(launcher, network):
    """One scalelab-costs ping-pong between two ranks, tagged with its transport."""
    return with_transport(run_for_record(launcher(2) + [
        os.path.join(MEASURED_BIN_DIR, "scalelab-costs"), "--model", "mpi", "--probe",
        "pingpong", "--size", "1Mi", "--reps", "3"], f"the {network} ping-pong"), network)


def write_platform(path, nodes, cores, alpha, beta, network):
    figures = f"{alpha * 1e6:.3g} us, {1 / beta / 1e9:.3g} GB/s"
    with open(path, "w") as handle:
        handle.write(Platform(
            name=os.path.splitext(os.path.basename(path))[0], nodes=nodes, cores=cores,
            speed=REFERENCE_SPEED, latency=alpha, bandwidth=1 / beta, loopback_latency=alpha,
            loopback_bandwidth=1 / beta,
            sources=("speed: this machine's core (computation is timed on it)",
                     f"{network}: scalelab-costs --probe pingpong here: {figures}")).xml())
    return f"{nodes} node{'s' if nodes > 1 else ''} of {cores} core{'s' if cores > 1 else ''}, " \
        f"{network} {figures}"


class Sides:
    """How each layout runs, measured and simulated."""

    def __init__(self, where, cores, cluster):
        self.cluster = cluster
        self.probes = [pingpong(self.shared_memory, "shared memory")]
        self.platforms, self.descriptions = {}, {}
        alpha, beta = fit_pingpong(self.probes)
        self.platforms["shared memory"] = os.path.join(where, "this-machine.xml")
        self.descriptions["shared memory"] = write_platform(
            self.platforms["shared memory"], 1, cores, alpha, beta, "shared memory")
        if cluster:
            self.probes.append(pingpong(self.spread, "tcp"))
            alpha, beta = fit_pingpong(self.probes[-1:])
            self.platforms["tcp"] = os.path.join(where, "virtual-cluster.xml")
            self.descriptions["tcp"] = write_platform(
                self.platforms["tcp"], len(cluster.hosts), 1, alpha, beta, "tcp")

    @staticmethod
    def shared_memory(ranks):
        return ["mpirun", "-n", str(ranks), "--bind-to", "core"]

    def spread(self, ranks):
        """One rank per host; unbound, as every namespace host sees the same cores."""
        return (["mpirun", "-n", str(ranks)] + self.cluster.mpirun_args
                + self.cluster.placement_args(ranks) + ["--oversubscribe"])

    def measure(self, workload, layout, app):
        launcher = self.shared_memory if layout.network == "shared memory" else self.spread
        return with_transport(run_for_record(
            launcher(layout.ranks) + [os.path.join(MEASURED_BIN_DIR, f"scalelab-{workload}")]
            + app, f"measured {workload} on {layout.label} ranks"), layout.network)

    def simulate(self, workload, layout, app):
        with Launch(self.platforms[layout.network], layout.ranks,
                    os.path.join(DEFAULT_BIN_DIR, f"scalelab-{workload}"), app) as launch:
            return run_for_record(launch.argv, f"simulated {workload} on {layout.label} ranks")


def model_errors(measured, probes, cores):
    """scripts/model's error per (workload, layout) on the measured runs: its prediction
    (the median over the runs' predictions) against the pooled measured median."""
    records = probes + [r for runs in measured.values() for r in runs]
    try:
        cal = calibrate(records)
    except NoCalibration as error:
        print(f"model: {error}")
        return {}
    errors = {}
    for (workload, layout), runs in measured.items():
        if workload not in WORKLOADS:
            continue
        checks = [c for c in validate(cal, runs, workload, cores)[0]
                  if c.network == MODEL_NETWORK[layout.network] or layout.ranks == 1]
        if checks:
            real = median(pooled_samples(runs))
            errors[(workload, layout)] = median([c.predicted for c in checks]) / real - 1
    return errors


def with_ci(value, ci, text):
    return f"{text(value)} [{text(ci[0])}, {text(ci[1])}]" if ci else f"{text(value)} [no CI]"


def print_rows(rows, model):
    print(f"{'workload':<10} {'network':<13} {'ranks':>5}  {'measured s [95 % CI]':<27} "
          f"{'simulated s [95 % CI]':<27} {'sim error [95 % CI]':<25} {'model':>6} "
          f"{'others':>6}")
    seconds, percent = (lambda v: f"{v:.4g}"), (lambda v: f"{v * 100:+.1f}%")
    for row in rows:
        real, sim = row["measured"], row["simulated"]
        error = model.get((row["workload"], Layout(row["network"], row["ranks"])))
        others = real["foreign_share"]
        print(f"{row['workload']:<10} {row['network']:<13} {row['ranks']:>5}  "
              f"{with_ci(real['median'], real['ci'], seconds):<27} "
              f"{with_ci(sim['median'], sim['ci'], seconds):<27} "
              f"{with_ci(row['error'], row['error_ci'], percent):<25} "
              + (f"{error * 100:>+5.1f}%" if error is not None else f"{'n/a':>6}")
              + (f" {others * 100:>5.0f}%" if others is not None else f" {'?':>6}")
              + ("" if row["judged"] else f"  not judged: {row['why_not_judged']}"))


def git_sha():
    result = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True,
                            text=True)
    return result.stdout.strip() or None


def run_rounds(args, sides, layouts):
    """Every (workload, layout) measured and simulated once per round, in a random order
    per round; which side goes first alternates. Returns the records by (workload, layout)."""
    app = ["--model", "mpi", "--reps", str(args.reps), "--warmup", "1"]
    pairs = [(w, layout) for w in args.workloads.split(",") for layout in layouts]
    measured, simulated = {}, {}
    order = random.Random(args.order_seed)
    for round_number in range(args.rounds):
        order.shuffle(pairs)
        for workload, layout in pairs:
            sides_in_order = [(measured, sides.measure), (simulated, sides.simulate)]
            for records, run in sides_in_order[::1 if round_number % 2 == 0 else -1]:
                records.setdefault((workload, layout), []).append(run(workload, layout, app))
        print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    return measured, simulated


def main(argv=None):
    args = parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="scalelab-validate-")
    where = args.keep or tmp.name
    os.makedirs(where, exist_ok=True)
    cores = len(os.sched_getaffinity(0))
    cluster = None
    try:
        if args.tcp:
            os.environ.update(CLUSTER)
            up = subprocess.run([CLUSTER_SCRIPT, "up", str(max(lay.ranks for lay in TCP))],
                                capture_output=True, text=True)
            if up.returncode != 0:
                raise PlatformError(f"--tcp: {(up.stderr.strip().splitlines() or ['?'])[-1]}")
            cluster = VirtualCluster("spread")
        sides = Sides(where, cores, cluster)
        for network, description in sides.descriptions.items():
            print(f"platform ({network}): {description}")
        measured, simulated = run_rounds(args, sides, SHARED_MEMORY + (TCP if args.tcp else []))
    except PlatformError as error:
        print(f"validate-simulation: error: {error}", file=sys.stderr)
        return 2
    finally:
        if cluster:
            subprocess.run([CLUSTER_SCRIPT, "down"], capture_output=True)
    version, sha = simgrid_version(), git_sha()
    rows = [compare(workload, layout, measured[(workload, layout)],
                    simulated[(workload, layout)], cores, sides.descriptions[layout.network],
                    version, sha)
            for workload in args.workloads.split(",")
            for layout in SHARED_MEMORY + (TCP if args.tcp else [])]
    print_rows(rows, model_errors(measured, sides.probes, cores))
    if args.keep:
        for name, runs in (("measured", measured), ("simulated", simulated)):
            for record in (r for records in runs.values() for r in records):
                append_record(os.path.join(where, f"{name}.jsonl"), record)
    if args.out:
        for row in rows:
            append_record(args.out, row)
    worst, judged = worst_judged(rows)
    if not judged:
        print("no row could be judged (see the reasons above): run again on an idle machine")
        return 1
    print(f"worst simulation error {worst * 100:.1f} % over {judged} judged rows "
          f"(goal <= {GOAL * 100:.0f} %)")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
