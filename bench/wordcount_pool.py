#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Word frequencies the way the classic multiprocessing tutorials do it: read the lines,
Pool.map a per-line Counter over them, add the Counters up. The reference
scripts/bench wordcount runs beside scalelab-wordcount.

Usage: wordcount_pool.py FILE [PROCESSES]    prints "<total words> <distinct words>"
"""
import sys
from collections import Counter
from multiprocessing import Pool


def count_line(line):
    return Counter(line.split())


def main():
    path = sys.argv[1]
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else None
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.readlines()
    with Pool(processes) as pool:
        counters = pool.map(count_line, lines)
    total = Counter()
    for c in counters:
        total.update(c)
    print(sum(total.values()), len(total))


if __name__ == "__main__":
    main()
