#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""groupby reference: the multiprocessing Pool.map version the tutorials use.

    groupby_pool.py FILE.csv PROCESSES   ->  prints "groups=N rows=M"

Reads every line, cuts the list into one chunk per process, Pool.map aggregates each chunk
into a dict of [count, sum, sum of squares, min, max], and the parent merges the dicts.
"""
import math
import sys
from multiprocessing import Pool


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


def main():
    path, processes = sys.argv[1], int(sys.argv[2])
    with open(path) as f:
        next(f)  # header
        lines = f.readlines()
    size = (len(lines) + processes - 1) // processes
    chunks = [lines[i:i + size] for i in range(0, len(lines), size)]
    with Pool(processes) as pool:
        parts = pool.map(aggregate, chunks)
    total = {}
    for part in parts:
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
    print(f"groups={len(table)} rows={sum(v[0] for v in table.values())}")


if __name__ == "__main__":
    main()
