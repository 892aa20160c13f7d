#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""groupby reference: the multiprocessing Pool.map version the tutorials use.

    groupby_pool.py FILE.csv PROCESSES [--reps N] [--warmup N] [--out TABLE.csv]

Reads every line, cuts the list into one chunk per process, Pool.map aggregates each chunk
into a dict of [count, sum, sum of squares, min, max], and the parent merges the dicts. The
pool is started once, before the warm-up, so the timed runs do not pay for forking it (ours
keeps its OpenMP threads between repetitions too). Prints the lines of reference_timing.py.
"""
import math
import platform
from multiprocessing import Pool

import reference_timing as timing


def aggregate(lines):
    groups = {}
    for line in lines:
        date, _unit, value = line.rstrip("\r\n").split(",")
        x = float(value)
        g = groups.get(date)
        if g is None:
            groups[date] = [1, x, x * x, x, x]
        else:
            g[0] += 1
            g[1] += x
            g[2] += x * x
            g[3] = min(g[3], x)
            g[4] = max(g[4], x)
    return groups


def run(pool, path, processes):
    with open(path) as f:
        next(f)  # header
        lines = f.readlines()
    size = (len(lines) + processes - 1) // processes
    chunks = [lines[i:i + size] for i in range(0, len(lines), size)]
    total = {}
    for part in pool.map(aggregate, chunks):
        for k, g in part.items():
            t = total.get(k)
            if t is None:
                total[k] = g
            else:
                t[0] += g[0]
                t[1] += g[1]
                t[2] += g[2]
                t[3] = min(t[3], g[3])
                t[4] = max(t[4], g[4])
    table = {}
    for k, (n, s, s2, lo, hi) in total.items():
        mean = s / n
        var = (s2 - s * mean) / (n - 1) if n > 1 else 0.0
        table[k] = (n, mean, math.sqrt(max(var, 0.0)), lo, hi)
    return table


def main():
    p = timing.parser(__doc__)
    p.add_argument("processes", type=int, help="worker processes")
    args = p.parse_args()
    timing.check(p, args)
    if args.processes < 1:
        p.error(f"PROCESSES must be >= 1 (got {args.processes})")
    with Pool(args.processes) as pool:
        table, seconds = timing.median_seconds(
            lambda: run(pool, args.file, args.processes), args)
    ran = (f"Python {platform.python_version()} multiprocessing.Pool.map, "
           f"{args.processes} processes (pool started before the warm-up); "
           + timing.what_is_timed(args))
    timing.report(table, ran, seconds, args.out)


if __name__ == "__main__":
    main()
