#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Anagram groups the classic Python way: a dict from sorted-letter key to the words.

    anagrams_dict.py WORDLIST

Same definition of a word as scalelab-anagrams (a line minus one trailing CR, ASCII letters
folded to lower case, empty lines skipped, a repeated word counted once). Prints
"words=W anagram_groups=G words_in_anagram_groups=M seconds=S" (S: reading and grouping,
without the interpreter's start-up), for scripts/bench anagrams to compare with ScaleLab's record.
"""
import platform
import sys
import time
from collections import defaultdict


def main(path):
    start = time.perf_counter()
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    words = [w.lower() for w in (l[:-1] if l.endswith(b"\r") else l for l in lines) if w]
    groups = defaultdict(set)
    for w in words:
        groups[bytes(sorted(w))].add(w)
    multi = [g for g in groups.values() if len(g) >= 2]
    seconds = time.perf_counter() - start
    print(f"words={len(words)} anagram_groups={len(multi)} "
          f"words_in_anagram_groups={sum(map(len, multi))} seconds={seconds:.6f}")
    print(f"ran: Python {platform.python_version()} dict of sorted-letter keys, 1 process; "
          "timed in-process: read + group, one run")


if __name__ == "__main__":
    main(sys.argv[1])
