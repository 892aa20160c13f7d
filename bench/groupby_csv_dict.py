#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""groupby reference: the classic pandas-free Python, csv module + dict.

    groupby_csv_dict.py FILE.csv [--reps N] [--warmup N] [--out TABLE.csv]

Per group count, mean, sample std (Welford), min, max: what a tutorial without pandas does.
One thread. Prints the lines of reference_timing.py.
"""
import csv
import math
import platform

import reference_timing as timing


def aggregate(path):
    groups = {}
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)  # header
        for date, _unit, value in reader:
            x = float(value)
            g = groups.get(date)
            if g is None:
                groups[date] = [1, x, 0.0, x, x]
                continue
            g[0] += 1
            delta = x - g[1]
            g[1] += delta / g[0]
            g[2] += delta * (x - g[1])
            if x < g[3]:
                g[3] = x
            if x > g[4]:
                g[4] = x
    return {k: (n, mean, math.sqrt(m2 / (n - 1)) if n > 1 else 0.0, lo, hi)
            for k, (n, mean, m2, lo, hi) in groups.items()}


def main():
    p = timing.parser(__doc__)
    args = p.parse_args()
    timing.check(p, args)
    table, seconds = timing.median_seconds(lambda: aggregate(args.file), args)
    ran = f"Python {platform.python_version()} csv.reader + dict, 1 thread; "
    timing.report(table, ran + timing.what_is_timed(args), seconds, args.out)


if __name__ == "__main__":
    main()
