# SPDX-License-Identifier: MIT
"""scripts/bench: ScaleLab's workloads beside their references, as ratios.

    scripts/bench WORKLOAD [options]   one benchmark (scripts/bench WORKLOAD --help)
    scripts/bench all [options]        every benchmark in turn (--quick, --rounds, --json)
    scripts/bench --list               the benchmarks and what each compares
"""

import os
import signal
import sys

from scalelab.bench import specs
from scalelab.bench.harness import parse_options, run_spec
from scalelab.bench.spec import UsageError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def run_all(argv):
    """Every spec that is part of `all`, one after the other; the worst exit status. With
    --json OUT, one file per workload: OUT with the workload's name before the suffix."""
    runs = []
    for name in specs.NAMES:
        spec = specs.load(name)
        if not spec.in_all:
            continue
        args = list(argv)
        if "--json" in args[:-1]:
            at = args.index("--json") + 1
            stem, suffix = os.path.splitext(args[at])
            args[at] = f"{stem}-{name}{suffix or '.json'}"
        try:  # every benchmark's options checked before the first one starts
            parse_options(spec, args)
        except UsageError as error:
            print(f"bench all: {error}", file=sys.stderr)
            return 2
        runs.append((spec, args))
    worst = 0
    for spec, args in runs:
        worst = max(worst, run_spec(spec, args, ROOT))
        print(flush=True)
    return worst


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    if argv[0] == "--list":
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `scripts/bench --list | head` ends quietly
        for name in specs.NAMES:
            print(f"{name:<10} {specs.load(name).summary}")
        return 0
    if argv[0] == "all":
        return run_all(argv[1:])
    if argv[0] not in specs.NAMES:
        print(f"bench: unknown workload '{argv[0]}' (scripts/bench --list names them)",
              file=sys.stderr)
        return 2
    return run_spec(specs.load(argv[0]), argv[1:], ROOT)


if __name__ == "__main__":
    sys.exit(main())
