#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Anagram groups the way multiprocessing tutorials parallelise it: Pool.map computes the
sorted-letter keys in worker processes, the parent builds the dict.

    anagrams_pool.py WORDLIST PROCESSES

The word definition and output are anagrams_dict.py's; the seconds include starting the pool
(part of what a user of this version pays every run).
"""
import platform
import sys
import time
from collections import defaultdict
from multiprocessing import Pool


def key(word):
    return bytes(sorted(word))


def main(path, processes):
    start = time.perf_counter()
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    words = [w.lower() for w in (l[:-1] if l.endswith(b"\r") else l for l in lines) if w]
    with Pool(processes) as pool:
        keys = pool.map(key, words)
    groups = defaultdict(set)
    for k, w in zip(keys, words):
        groups[k].add(w)
    multi = [g for g in groups.values() if len(g) >= 2]
    seconds = time.perf_counter() - start
    print(f"words={len(words)} anagram_groups={len(multi)} "
          f"words_in_anagram_groups={sum(map(len, multi))} seconds={seconds:.6f}")
    print(f"ran: Python {platform.python_version()} multiprocessing.Pool.map of sorted-letter "
          f"keys, {processes} processes; timed in-process: read + pool start + group, one run")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
