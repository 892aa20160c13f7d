#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""groupby reference: the classic pandas-free Python, csv module + dict.

    groupby_csv_dict.py FILE.csv   ->  prints "groups=N rows=M"

Per group count, mean, sample std (Welford), min, max: what a tutorial without pandas does.
"""
import csv
import math
import sys

groups = {}
with open(sys.argv[1], newline="") as f:
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

table = {k: (n, mean, math.sqrt(m2 / (n - 1)) if n > 1 else 0.0, lo, hi)
         for k, (n, mean, m2, lo, hi) in groups.items()}
print(f"groups={len(table)} rows={sum(v[0] for v in table.values())}")
