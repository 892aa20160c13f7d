# SPDX-License-Identifier: MIT
"""Runs a strong- or weak-scaling study of one ScaleLab workload in simulation: the mpi model
of the SMPI build (cmake --preset smpi) under SimGrid's smpirun, at 1 ... 4096 simulated
ranks on a described platform.

usage: scripts/simulate strong|weak WORKLOAD --platform FILE|PRESET [options]

PRESET is one of scripts/platform's (ib-hdr-fat-tree, eth-100g, eth-10g: 4096 nodes of one
core); FILE any platform XML, e.g. from `scripts/platform calibrate`. One record per run is
appended to --out, as a measured run's (the same fields, times in simulated seconds) plus
provenance.simulation: engine, SimGrid version, platform file, smpirun configuration and
the simulation's own wall time. A run that fails is recorded with status "failed". Started
again with the same arguments, finished runs are skipped (resume).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

from scalelab.cli import OneLineParser
from scalelab.records import (
    RecordError,
    append_record,
    check_appendable,
    read_records,
    take_single_record,
)
from scalelab.sim.platforms import MAX_RANKS, PRESETS, PlatformError, host_slots, preset
from scalelab.sim.smpi import DEFAULT_BIN_DIR, Launch, provenance
from scalelab.sweep.runner import DONE_STATUSES, failure_message


def parse_args(argv):
    parser = OneLineParser(prog="simulate", description=__doc__.split("\n\n")[0],
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("mode", choices=["strong", "weak"])
    parser.add_argument("workload", help="e.g. pi, heat")
    parser.add_argument("--platform", required=True, help=f"XML file or {', '.join(PRESETS)}")
    parser.add_argument("--ranks", default=",".join(str(1 << k) for k in range(13)),
                        help="comma-separated simulated rank counts (default 1,2,4,...,4096)")
    parser.add_argument("--size", help="problem size (strong: global; weak: per rank)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--out", help="JSONL file (default results/<w>-<mode>-simulated.jsonl)")
    parser.add_argument("--bin-dir", default=DEFAULT_BIN_DIR,
                        help="the SMPI build's binaries (default build-smpi/bin)")
    parser.add_argument("--app-args", default="", help="extra options passed to every run")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    parser.add_argument("--dry-run", action="store_true", help="print the commands only")
    parser.add_argument("--quiet", action="store_true")
    return parser.parse_args(argv)


class UsageError(Exception):
    pass


def rank_counts(text):
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise UsageError(f"--ranks: '{text}' is not a comma-separated list of integers") from None
    if any(c < 1 or c > MAX_RANKS for c in counts):
        raise UsageError(f"--ranks: each count must be 1 ... {MAX_RANKS}")
    return counts


def resolve_platform(name, keep):
    """A preset becomes a temporary file (4096 one-core nodes); a path is checked."""
    if name in PRESETS:
        handle = tempfile.NamedTemporaryFile("w", prefix=f"scalelab-{name}-", suffix=".xml",
                                             delete=False)
        with handle:
            handle.write(preset(name, MAX_RANKS, 1).xml())
        keep.append(handle.name)
        return handle.name
    host_slots(name)  # a PlatformError naming --platform if it is not a platform
    return name


def platform_name(chosen):
    """ib-hdr-fat-tree for a preset, mine for mine.xml."""
    return chosen if chosen in PRESETS else os.path.splitext(os.path.basename(chosen))[0]


def config_key(args, ranks, platform_name):
    return (f"{args.workload}/mpi {args.mode} size={args.size or 'default'} {ranks}x1 "
            f"reps={args.reps} warmup={args.warmup} platform={platform_name} "
            f"{args.app_args}").strip()


def run_one(args, platform, ranks, key, binary):
    fd, record_path = tempfile.mkstemp(prefix="scalelab-simulate-", suffix=".jsonl")
    os.close(fd)
    os.unlink(record_path)  # the app creates it
    app = ["--model", "mpi", "--scaling", args.mode, "--reps", str(args.reps), "--warmup",
           str(args.warmup), "--quiet", "--output", record_path] + args.app_args.split()
    if args.size:
        app += ["--size", args.size]
    with Launch(platform, ranks, binary, app) as launch:
        if args.dry_run:
            print(" ".join(launch.argv))
            return None
        started = time.time()
        try:
            result = subprocess.run(launch.argv, capture_output=True, text=True,
                                    timeout=args.timeout)
            code, stderr = result.returncode, result.stderr
        except subprocess.TimeoutExpired:
            code, stderr = -9, f"killed after --timeout {args.timeout} s"
        wall = time.time() - started
        command = launch.argv
    record = take_single_record(record_path)
    if record is None:
        record = {"workload": args.workload, "model": "mpi", "variant": f"{args.workload}/mpi",
                  "scaling": args.mode, "size": args.size, "ranks": ranks, "threads": 1,
                  "cores": ranks, "reps": args.reps, "verified": False, "status": "failed",
                  "exit_code": code, "message": failure_message(stderr, code)}
    record.setdefault("provenance", {})["simulation"] = provenance(
        platform, platform_name(args.platform), wall)
    record["sweep"] = {"key": key, "command": command, "launcher": "smpirun",
                       "environment": "simulated", "wall_s": round(wall, 3)}
    return record


def main(argv=None):
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args(argv)
    temporary = []
    try:
        counts = rank_counts(args.ranks)
        if args.reps < 1 or args.warmup < 0:
            raise UsageError("--reps must be positive and --warmup 0 or more")
        binary = os.path.join(args.bin_dir, f"scalelab-{args.workload}")
        if not os.access(binary, os.X_OK):
            raise UsageError(f"unknown workload '{args.workload}': no {binary} "
                             "(cmake --preset smpi && cmake --build --preset smpi)")
        platform = resolve_platform(args.platform, temporary)
        slots = len(host_slots(platform))
        if max(counts) > slots:
            raise UsageError(f"--ranks: {max(counts)} ranks but --platform {args.platform} "
                             f"has {slots} cores")
        out = args.out or os.path.join("results", f"{args.workload}-{args.mode}-simulated.jsonl")
        if not args.dry_run:
            out_dir = os.path.dirname(os.path.abspath(out))
            try:
                os.makedirs(out_dir, exist_ok=True)
            except OSError as error:
                raise UsageError(f"--out: cannot create '{out_dir}': {error.strerror}") from None
            try:
                check_appendable(out, "--out")
                existing = read_records(out, warn=None) if os.path.exists(out) else []
            except RecordError as error:
                raise UsageError(str(error)) from None
        else:
            existing = []
        done = {r["sweep"]["key"] for r in existing
                if "sweep" in r and r.get("status") in DONE_STATUSES}
        failures = 0
        for index, ranks in enumerate(counts, start=1):
            key = config_key(args, ranks, os.path.basename(args.platform))
            label = f"[{index}/{len(counts)}] {args.workload}/mpi {ranks} simulated ranks"
            if key in done:
                say(args, f"{label}: already recorded, skipped")
                continue
            if not args.dry_run:
                say(args, f"{label} ...", end="")
            record = run_one(args, platform, ranks, key, binary)
            if record is None:
                continue
            append_record(out, record)
            wall = record["provenance"]["simulation"]["wall_s"]
            if record["status"] == "failed":
                failures += 1
                say(args, f" FAILED (exit {record['exit_code']}): {record['message']}")
            else:
                failures += record["status"] not in ("ok", "reported")
                say(args, f" {record['status']}: median {record['time']['median']:.4g} s "
                    f"simulated ({wall:.1f} s to simulate)")
        return 1 if failures else 0
    except (UsageError, PlatformError) as error:
        print(f"simulate: error: {error}", file=sys.stderr)
        return 2
    finally:
        for path in temporary:
            os.unlink(path)


def say(args, text, end="\n"):
    if not args.quiet:
        print(text, end=end, flush=True)


if __name__ == "__main__":
    sys.exit(main())
