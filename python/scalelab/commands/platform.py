# SPDX-License-Identifier: MIT
"""Writes SimGrid platform files for simulated ScaleLab runs (scripts/simulate).

usage: scripts/platform preset NAME --out FILE [--nodes N] [--cores-per-node C]
       scripts/platform calibrate --workload W [--size S] --out FILE [--nodes N]
                        [--pingpong RECORDS.jsonl] [--network NAME]
       scripts/platform list

preset: a named interconnect (ib-hdr-fat-tree, eth-100g, eth-10g) with the public latency
and bandwidth of README "Interconnect model", cores as fast as this machine's, N nodes of C
cores (default 4096 x 1: one rank per node, so the interconnect carries every message).

calibrate: a cluster of machines like this one. Cores: speed fitted so that the simulated
1-rank mpi run of W takes as long as the measured one (both run here, build/ and
build-smpi/). Ranks of one node talk at the latency and bandwidth that `scalelab-costs
--probe pingpong` measures between two ranks over shared memory (run here, or read from
--pingpong records); nodes talk over TCP as measured on the virtual cluster when the records
hold such a ping-pong (scripts/sweep ... --virtual-cluster spread), else over --network
(a preset's figures, default eth-10g). Every parameter's source is written into the file.

A platform of your own works too: any SimGrid platform XML (version 4.1) whose hosts'
speeds are relative to 1 Gflop/s = one core of this machine (README "Simulation").
"""

import argparse
import os
import sys
import tempfile
import time

from scalelab.cli import OneLineParser
from scalelab.model.calibration import fit_pingpong, is_probe, network_of
from scalelab.model.networks import PUBLISHED
from scalelab.paths import ROOT
from scalelab.records import RecordError, read_records
from scalelab.sim.measure import run_for_record
from scalelab.sim.platforms import (
    MAX_RANKS,
    PRESETS,
    REFERENCE_SPEED,
    Platform,
    PlatformError,
    preset,
)
from scalelab.sim.smpi import DEFAULT_BIN_DIR, Launch

MEASURED_BIN_DIR = os.path.join(ROOT, "build", "bin")


def parse_args(argv):
    parser = OneLineParser(prog="platform", description=__doc__.split("\n\n")[0],
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("preset", help="a named interconnect")
    p.add_argument("name", choices=PRESETS)
    p.add_argument("--out", required=True)
    p.add_argument("--nodes", type=int, default=MAX_RANKS)
    p.add_argument("--cores-per-node", type=int, default=1)
    c = sub.add_parser("calibrate", help="a cluster of machines like this one")
    c.add_argument("--workload", required=True, help="e.g. pi, heat")
    c.add_argument("--size", help="problem size of the 1-rank runs (default: the workload's)")
    c.add_argument("--app-args", default="", help="extra options of the 1-rank runs")
    c.add_argument("--out", required=True)
    c.add_argument("--nodes", type=int, help="default: enough for 4096 ranks")
    c.add_argument("--pingpong", nargs="+", metavar="RECORDS",
                   help="costs --probe pingpong records to read instead of measuring")
    c.add_argument("--network", default="eth-10g", choices=sorted(PUBLISHED),
                   help="between nodes when no TCP ping-pong was measured")
    c.add_argument("--measured-bin-dir", default=MEASURED_BIN_DIR)
    c.add_argument("--smpi-bin-dir", default=DEFAULT_BIN_DIR)
    sub.add_parser("list", help="the presets")
    return parser.parse_args(argv)


def binary(bin_dir, workload, option):
    path = os.path.join(bin_dir, f"scalelab-{workload}")
    if not os.access(path, os.X_OK):
        raise PlatformError(f"{option}: no {path} (build it first)")
    return path


def measure_pingpong(bin_dir):
    costs = binary(bin_dir, "costs", "--measured-bin-dir")
    argv = ["mpirun", "-n", "2", "--bind-to", "core", costs, "--model", "mpi",
            "--probe", "pingpong", "--size", "1Mi", "--reps", "3"]
    return [run_for_record(argv, "scalelab-costs --probe pingpong")]


def fitted_speed(args, shm_platform):
    """Core speed that makes the simulated 1-rank run as long as the measured one."""
    app = ["--model", "mpi", "--reps", "5", "--warmup", "1"] + args.app_args.split()
    if args.size:
        app += ["--size", args.size]
    measured = run_for_record(
        ["mpirun", "-n", "1", "--bind-to", "core",
         binary(args.measured_bin_dir, args.workload, "--measured-bin-dir")] + app,
        f"the measured 1-rank {args.workload} run")
    with Launch(shm_platform, 1, binary(args.smpi_bin_dir, args.workload, "--smpi-bin-dir"),
                app) as launch:
        simulated = run_for_record(launch.argv, f"the simulated 1-rank {args.workload} run")
    t_measured, t_simulated = measured["time"]["median"], simulated["time"]["median"]
    return REFERENCE_SPEED * t_simulated / t_measured, t_measured, t_simulated


def calibrate(args):
    records = []
    try:
        for path in args.pingpong or []:
            records += read_records(path, warn=None)
    except RecordError as error:
        raise PlatformError(f"--pingpong: {error}") from None
    if not args.pingpong:
        records = measure_pingpong(args.measured_bin_dir)
    pingpongs = [r for r in records if is_probe(r, "pingpong")]
    shm = fit_pingpong([r for r in pingpongs if network_of(r) == "shm"])
    if not shm:
        raise PlatformError("--pingpong: no 2-rank shared-memory ping-pong record")
    shm_alpha, shm_beta = shm
    tcp = fit_pingpong([r for r in pingpongs if network_of(r) == "tcp-measured"])
    cores = len(os.sched_getaffinity(0))
    nodes = args.nodes or -(-MAX_RANKS // cores)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    shm_source = (f"loopback (ranks of one node): scalelab-costs --probe pingpong over shared "
                  f"memory on this machine ({when}): {shm_alpha * 1e6:.3g} us, "
                  f"{1 / shm_beta / 1e9 if shm_beta else float('inf'):.3g} GB/s")
    if tcp:
        latency, beta = tcp
        net_source = (f"latency, bandwidth between nodes: ping-pong over TCP on the virtual "
                      f"cluster ({latency * 1e6:.3g} us, {1 / beta / 1e9:.3g} GB/s)")
    else:
        net = PUBLISHED[args.network]
        latency, beta = net.alpha, net.beta
        net_source = (f"latency, bandwidth between nodes: no TCP ping-pong measured, "
                      f"--network {args.network}: {net.source}")
    base = Platform(name=f"calibrated-{args.workload}", nodes=nodes, cores=cores,
                    speed=REFERENCE_SPEED, latency=latency, bandwidth=1 / beta,
                    loopback_latency=shm_alpha,
                    loopback_bandwidth=1 / shm_beta if shm_beta else 1e12)
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as handle:
        handle.write(base.xml())
    try:
        speed, t_measured, t_simulated = fitted_speed(args, handle.name)
    finally:
        os.unlink(handle.name)
    base.speed = speed
    base.sources = (
        f"speed: {args.workload}/mpi on 1 rank measured {t_measured:.4g} s here and "
        f"{t_simulated:.4g} s simulated at 1 Gflop/s per core ({when}): "
        f"{speed / 1e9:.4g} Gflop/s makes them equal",
        f"cores per node: this machine's {cores}", shm_source, net_source,
        "topology: one switch, full bisection (crossbar)")
    return base


def main(argv=None):
    args = parse_args(argv)
    if args.command == "list":
        for name in PRESETS:
            print(name)
        return 0
    try:
        if args.command == "preset":
            if args.nodes < 1 or args.cores_per_node < 1:
                raise PlatformError("--nodes and --cores-per-node must be positive")
            platform = preset(args.name, args.nodes, args.cores_per_node)
        else:
            platform = calibrate(args)
        text = platform.xml()
        out_dir = os.path.dirname(os.path.abspath(args.out))
        if not os.path.isdir(out_dir) or os.path.isdir(args.out):
            raise PlatformError(f"--out: cannot write '{args.out}'")
        with open(args.out, "w") as handle:
            handle.write(text)
    except PlatformError as error:
        print(f"platform: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"platform: error: --out: cannot write '{args.out}': {error.strerror}",
              file=sys.stderr)
        return 2
    print(f"platform: wrote {args.out} ({platform.nodes} nodes x {platform.cores} cores, "
          f"{platform.speed / 1e9:.4g} Gflop/s per core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
