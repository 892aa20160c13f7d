#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-smpi: what a simulated run costs. For each workload and simulated rank count, one
# strong-scaling run of the SMPI build (scripts/simulate, the ib-hdr-fat-tree preset, the
# workload's default size unless given) with 1 timed rep and 1 warm-up: the simulator's wall
# time, that time per simulated rank-step (one rank doing one rep, warm-up included; setup
# and verification of every rank are in the wall time too), and the simulator's peak
# resident memory (/usr/bin/time's maximum RSS: smpimain, all ranks in one process).
#
# Usage: scripts/bench-smpi.sh [--ranks "1024 4096"] [--workloads "pi heat matmul wordcount"]
#                              [--timeout SECONDS]
# Exit status: 0 when every run finished and verified; 1 otherwise; 2 on usage errors or a
# missing build (it builds nothing: cmake --preset smpi && cmake --build --preset smpi).
set -euo pipefail

ranks="1024 4096"
workloads="pi heat matmul wordcount"
timeout=1200
while (($#)); do
  case "$1" in
    --ranks) ranks="$2"; shift 2 ;;
    --workloads) workloads="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bench-smpi: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../build-smpi/bin"
for w in $workloads; do
  if [[ ! -x "$bin/scalelab-$w" ]]; then
    echo "bench-smpi: error: no $bin/scalelab-$w (cmake --build --preset smpi first)" >&2
    exit 2
  fi
done
work="$(mktemp -d /tmp/scalelab-bench-smpi-XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "simulator: $(smpirun -version), $(nproc) cores; $(uptime | sed 's/.*load/load/')"
printf '%-10s %6s %12s %14s %16s %10s %s\n' workload ranks "wall s" "simulated s" \
  "wall ms/rank-rep" "peak MB" status
failed=0
for w in $workloads; do
  for r in $ranks; do
    out="$work/$w-$r.jsonl"
    status=0
    /usr/bin/time -f '%M' -o "$work/rss" timeout "$timeout" "$here/simulate" strong "$w" \
      --platform ib-hdr-fat-tree --ranks "$r" --reps 1 --warmup 1 --out "$out" --quiet \
      --timeout "$timeout" 2>"$work/err" || status=$?
    if [[ -s "$out" ]]; then
      /usr/bin/python3 - "$out" "$w" "$r" "$(tail -n 1 "$work/rss")" <<'PY' || failed=1
import json, sys
record = json.loads(open(sys.argv[1]).read().splitlines()[-1])
ranks, wall = int(sys.argv[3]), record["provenance"]["simulation"]["wall_s"]
if record["status"] == "failed":
    print(f"{sys.argv[2]:<10} {ranks:>6} {wall:>12.1f} FAILED: {record['message']}")
    sys.exit(1)
steps = ranks * (record["reps"] + record["warmup"])
print(f"{sys.argv[2]:<10} {ranks:>6} {wall:>12.1f} {record['time']['median']:>14.4g} "
      f"{wall / steps * 1e3:>16.2f} {int(sys.argv[4]) / 1024:>10.0f} {record['status']}")
sys.exit(0 if record["status"] == "ok" else 1)
PY
    else
      failed=1
      printf '%-10s %6s %s\n' "$w" "$r" "FAILED (exit $status): $(grep -m1 . "$work/err" || echo "killed after --timeout $timeout s")"
    fi
  done
done
exit "$failed"
