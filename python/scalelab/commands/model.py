# SPDX-License-Identifier: MIT
"""Predicts a workload's time per rep at any rank count over a named interconnect, from a
model calibrated on this machine's own records, and checks it against the measured runs.

usage: scripts/model RECORDS.jsonl [...] --workload W [--network N,...] [--up-to P]
                     [--cores-per-host C]

Calibration (all from the records given): the workload's time per unit of work on one core
(its 1-core runs, mpi preferred: the kernel the parallel runs use); alpha and beta of shared
memory and of TCP from `scalelab-costs --probe pingpong` records (which transport a record
used is in its result); collective costs from `--probe collectives` records, as a factor
over the textbook tree. Networks: shm, tcp-measured (from those records), ib-hdr, eth-10g,
eth-100g (public figures, see README "Interconnect model").

Output: the calibration; every measured serial/mpi/hybrid run of the workload with the
model's prediction over the transport it used and the relative error (the model is
validated where it is within 25 % on every run with a core per rank; oversubscribed runs
are shown, not judged); then the predicted time, speedup and efficiency at
1, 2, 4, ... P ranks for each network, and where efficiency falls below 50 %.

Exit status: 0 printed (1 when a judged measured point is off by more than 25 %); 2 bad usage,
unreadable records, or nothing to calibrate the workload or a network with.
"""

import argparse
import os
import signal
import sys

from scalelab.cli import OneLineParser
from scalelab.model.calibration import NoCalibration, calibrate
from scalelab.model.networks import NAMES, PUBLISHED
from scalelab.model.predict import (
    EFFICIENCY_FLOOR,
    TOLERANCE,
    curve,
    network,
    validate,
    worst_error,
)
from scalelab.model.workloads import WORKLOADS, study_size
from scalelab.records import RecordError, read_files


def parse_args(argv):
    parser = OneLineParser(prog="model", description=__doc__.split("\n\n")[0],
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           epilog="\n\n".join(__doc__.split("\n\n")[2:]))
    parser.add_argument("files", nargs="+", help="JSONL record files")
    parser.add_argument("--workload", required=True, help=", ".join(WORKLOADS))
    parser.add_argument("--network", default=",".join(NAMES),
                        help=f"comma-separated profiles (default: {','.join(NAMES)}; the "
                        "measured ones only when the records calibrate them)")
    parser.add_argument("--up-to", type=int, default=1024, metavar="P",
                        help="largest rank count predicted (default 1024)")
    parser.add_argument("--cores-per-host", type=int, default=len(os.sched_getaffinity(0)),
                        help="cores of the measuring host, for oversubscribed runs "
                        "(default: this machine's)")
    return parser.parse_args(argv)


def rank_counts(up_to):
    counts, p = [], 1
    while p <= up_to:
        counts.append(p)
        p *= 2
    return counts


def print_calibration(cal, workload):
    print(f"calibration: {workload}: {cal.compute(workload):.4g} s per unit of work on one "
          f"core ({cal.compute_source[workload]})")
    for name, net in cal.networks.items():
        factors = ", ".join(f"{op} x{f:.2f}" for op, f in
                            cal.collective_factor.get(name, {}).items()) or "collectives: tree"
        print(f"calibration: {name}: alpha {net.alpha * 1e6:.3g} us, beta {net.beta * 1e9:.3g} "
              f"ns/byte ({1 / net.beta / 1e9 if net.beta else float('inf'):.3g} GB/s); "
              f"{factors}")


def print_validation(checks, unchecked):
    print(f"\nmeasured vs model ({len(checks)} runs; error = (model - measured) / measured):")
    print(f"  {'variant':<14} {'layout':>7} {'transport':<13} {'measured s':>11} "
          f"{'model s':>11} {'error':>7}")
    for c in checks:
        r = c.record
        note = f"  oversubscribed x{c.share:.1f}, not judged" if not c.judged else ""
        flag = "" if abs(c.error) <= TOLERANCE or not c.judged else "  > 25 %"
        transport = c.network if r["ranks"] > 1 else "-"
        print(f"  {r['variant']:<14} {r['ranks']:>3}x{r['threads']:<3} {transport:<13} "
              f"{c.measured:>11.4g} {c.predicted:>11.4g} {c.error:>+7.1%}{note}{flag}")
    for r in unchecked:
        print(f"  {r['variant']:<14} {r['ranks']:>3}x{r['threads']:<3} not checked: no "
              f"ping-pong record calibrates its transport")
    worst = worst_error(checks)
    if worst is None and checks:
        print("  no run with a core per rank: not judged")
    if worst is not None:
        verdict = "validated" if worst <= TOLERANCE else "NOT validated"
        judged = sum(1 for c in checks if c.judged)
        print(f"  worst error {worst:.1%} over the {judged} runs with a core per rank: "
              f"{verdict} (tolerance {TOLERANCE:.0%})")


def print_curves(cal, workload, size, names, up_to):
    counts = rank_counts(up_to)
    described = " ".join(f"{key}={value:g}" for key, value in size.items())
    print(f"\npredicted time per rep of {workload} ({described}), one rank per core:")
    print(f"  {'ranks':>6} " + " ".join(f"{name:>22}" for name in names))
    curves = {name: curve(cal, workload, size, network(cal, name), counts) for name in names}
    for i, p in enumerate(counts):
        cells = []
        for name in names:
            points, base, _ = curves[name]
            pt = points[i]
            cells.append(f"{pt.total:>10.3g} s  eff {base / (p * pt.total):>5.0%}")
        print(f"  {p:>6} " + " ".join(f"{cell:>22}" for cell in cells))
    for name in names:
        below = curves[name][2]
        where = f"from {below} ranks" if below else f"not up to {up_to} ranks"
        print(f"  {name}: efficiency below {EFFICIENCY_FLOOR:.0%} {where}")


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # `scripts/model ... | head` ends quietly
    args = parse_args(argv)
    try:
        records, warnings = read_files(args.files)
        if args.workload not in WORKLOADS:
            raise NoCalibration(f"--workload: '{args.workload}' is not a workload the model "
                                f"knows (known: {', '.join(WORKLOADS)})")
        names = [n.strip() for n in args.network.split(",")]
        unknown = [n for n in names if n not in NAMES]
        if unknown:
            raise NoCalibration(f"--network: '{unknown[0]}' is not a profile "
                                f"(profiles: {', '.join(NAMES)})")
        if args.up_to < 1:
            raise NoCalibration(f"--up-to: {args.up_to} is not a positive rank count")
        cal = calibrate(records)
        cal.compute(args.workload)
        if args.network == ",".join(NAMES):   # default: the measured ones only if calibrated
            names = [n for n in NAMES if n in PUBLISHED or n in cal.networks]
        for name in names:
            network(cal, name)
        checks, unchecked = validate(cal, records, args.workload, args.cores_per_host)
        size = study_size(records, args.workload)
    except (NoCalibration, RecordError) as error:
        print(f"model: error: {error}", file=sys.stderr)
        return 2
    sys.stderr.write(warnings)
    print_calibration(cal, args.workload)
    print_validation(checks, unchecked)
    print_curves(cal, args.workload, size, names, args.up_to)
    worst = worst_error(checks)
    return 1 if worst is not None and worst > TOLERANCE else 0


if __name__ == "__main__":
    sys.exit(main())
