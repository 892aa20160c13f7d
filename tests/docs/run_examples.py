#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the shell examples of one Markdown page, so documentation cannot rot.

usage: run_examples.py PAGE.md --source DIR --build DIR --work DIR

Every fenced block whose info string is `sh` is an example a reader may paste: each block runs
on its own, in order, in a fresh bash (`set -euo pipefail`: nothing carries over from the block
before, so a block that launches MPI sources scripts/mpi-env.sh itself), in a scratch directory
that looks like a fresh clone after the README's two commands (build/, scripts/, python/,
slurm/, data/, apps/, tests/ are links to the real ones), so examples that write results/ or
report/ leave the tree clean.
A block fails the test when it exits non-zero or runs longer than --timeout seconds; the
block, its place in the page and its output are printed. Blocks marked `console` or `text`
are shown, not run (installing, building and cluster submissions: the suites run those).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

FENCE = re.compile(r"^```(\S*)\s*$")
LINKED = ("build", "scripts", "python", "slurm", "data", "apps", "tests", "CMakePresets.json",
          "pyproject.toml")


def examples(path):
    """[(first line number, text)] of the page's `sh` blocks."""
    blocks, current, start, info = [], None, 0, None
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            match = FENCE.match(line.rstrip("\n"))
            if current is None and match and match.group(1):
                current, start, info = [], number + 1, match.group(1)
            elif current is not None and line.strip() == "```":
                if info == "sh":
                    blocks.append((start, "".join(current)))
                current = None
            elif current is not None:
                current.append(line)
    if current is not None:
        raise SystemExit(f"{path}:{start - 1}: a code block is never closed")
    return blocks


def scratch(work, source, build):
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    for name in LINKED:
        target = build if name == "build" else os.path.join(source, name)
        os.symlink(target, os.path.join(work, name))
    return work


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page")
    parser.add_argument("--source", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    blocks = examples(args.page)
    if not blocks:
        print(f"{args.page}: no sh examples")
        return 1  # registered only for pages that have some: none found means a broken parse
    work = scratch(args.work, os.path.abspath(args.source), os.path.abspath(args.build))
    name = os.path.relpath(args.page, args.source)
    for number, (line, text) in enumerate(blocks, start=1):
        script = "set -euo pipefail\n" + text
        try:
            done = subprocess.run(["bash", "-c", script], cwd=work, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=args.timeout)
            failed = done.returncode != 0
            output, why = done.stdout, f"exit code {done.returncode}"
        except subprocess.TimeoutExpired as expired:
            failed, output = True, expired.stdout or ""
            why = f"still running after {args.timeout:.0f} s"
        if failed:
            print(f"FAIL: {name}:{line}: example {number} of {len(blocks)}: {why}\n"
                  f"--- example ---\n{text}--- output (last 40 lines) ---")
            print("\n".join(str(output).splitlines()[-40:]))
            return 1
        print(f"ok: {name}:{line}: example {number} of {len(blocks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
