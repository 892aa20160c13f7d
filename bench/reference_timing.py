# SPDX-License-Identifier: MIT
"""What the Python references of scripts/bench groupby share.

Their command line (FILE [--reps N] [--warmup N] [--out TABLE.csv]), the in-process timing
(warm-up runs, then the median of the timed ones: interpreter start-up and imports are not
timed, as ours is timed without its process start) and the output contract the benchmark
reads:

    groups=N rows=M        the agreement line every groupby run prints
    ran: <what ran>        tool version, engine, threads, what is timed
    seconds: <float>       the median timed run
"""
import argparse
import os
import statistics
import time


class _OneLineParser(argparse.ArgumentParser):
    """Bad usage is one line on stderr (argparse would print its usage first), exit 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def parser(description):
    """An argument parser with the options every reference takes (add your own to it)."""
    p = _OneLineParser(description=description,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", help="the dispatch CSV (SETTLEMENTDATE,DUID,SCADAVALUE)")
    p.add_argument("--reps", type=int, default=3, help="timed runs (default 3)")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs before (default 1)")
    p.add_argument("--out", help="also write the table as scalelab-groupby --out does")
    return p


def check(p, args):
    """Refuses an unreadable file and impossible counts as argparse refuses the rest (exit 2)."""
    if not (os.path.isfile(args.file) and os.access(args.file, os.R_OK)):
        p.error(f"cannot read the input file '{args.file}'")
    if args.reps < 1 or args.warmup < 0:
        p.error(f"--reps must be >= 1 and --warmup >= 0 (got {args.reps}, {args.warmup})")


def median_seconds(kernel, args):
    """(last result, median seconds): args.warmup untimed calls, then args.reps timed ones."""
    for _ in range(args.warmup):
        kernel()
    times = []
    for _ in range(args.reps):
        start = time.perf_counter()
        result = kernel()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def what_is_timed(args):
    """The end of a `ran:` line: where the clock runs and over how many runs."""
    return f"timed in-process: read + aggregate, median of {args.reps} after {args.warmup} warm-up"


def report(table, ran, seconds, out=None):
    """table: {key: (count, mean, std, min, max)}; prints the three lines, writes `out`."""
    if out:
        with open(out, "w") as f:
            f.write("SETTLEMENTDATE,count,mean,std,min,max\n")
            for key in sorted(table):
                f.write(",".join([key] + [repr(v) for v in table[key]]) + "\n")
    print(f"groups={len(table)} rows={sum(v[0] for v in table.values())}")
    print(f"ran: {ran}")
    print(f"seconds: {seconds:.6f}")
