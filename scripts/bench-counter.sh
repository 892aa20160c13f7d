#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-counter: what each fix of a race condition costs, as ratios to the reduction.
#
#   1 worker   openmp racy, atomic, critical           vs openmp reduction at 1 thread
#   2 workers  openmp racy, atomic, critical (2 threads) and mpi-reduce, mpi-rma (2 ranks)
#                                                       vs openmp reduction at 2 threads
#
# Prints, per method and worker count: updates/s, lost updates, and the ratio of its updates/s
# to the reduction's. Also each method's 2-worker rate over its 1-worker rate.
#
# Method (docs/benchmarks.md): this machine's speed drifts about +-20 % over minutes, so
# a ratio is only meaningful between runs made close together. Every round runs, per worker
# count, the reduction first, then the other methods, then the reduction again (A B C .. A);
# each method's rate is divided by the mean of the two reduction runs that bracket it, and the
# report is the MEDIAN of those per-round ratios. The order of the other methods rotates and
# the two worker counts swap every round, so that no method always runs "warmer". Nothing is
# ever compared with a number saved earlier.
#
# Every worker does a fixed number of updates per method (--increments), chosen so a rep takes
# a few tenths of a second: the per-update cost differs by ~1000x between methods.
#
# Exit status: 0 when every run finished and every method but racy verified; 1 when a run
# failed or was not verified; 2 on usage errors or a missing binary. It builds nothing.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-counter.sh [--quick] [--rounds N]

  --quick       ~4x fewer updates per run (still >= 5 rounds): about 30 s
  --rounds N    alternating rounds (default 5; fewer than 5 is refused)
  -h, --help    this text

Takes about 2 minutes on a 2-core machine. Run it on an otherwise idle machine: the 2-worker
runs need both cores, and racy's lost updates depend on the two threads really overlapping.
EOF
}

rounds=5
quick=0
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-counter: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  echo "bench-counter: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/bin/scalelab-counter
py=/usr/bin/python3  # Debian's Python: `python3` on PATH may be another one
if [[ ! -x $bin ]]; then
  echo "bench-counter: missing $bin; build first: cmake --preset release && cmake --build build" >&2
  exit 2
fi
for tool in mpirun "$py"; do
  command -v "$tool" >/dev/null || {
    echo "bench-counter: '$tool' not found; run scripts/install-deps.sh" >&2
    exit 2
  }
done

# shellcheck source=scripts/mpi-env.sh
source "$root/scripts/mpi-env.sh"
# One thread per core, as mpirun binds one rank per core: the 2-thread and 2-rank runs compare.
export OMP_PROC_BIND=close OMP_PLACES=cores
unset OMP_NUM_THREADS  # --threads is always passed explicitly

# Updates per worker: a rep of roughly 0.1-0.3 s on the machine this was written on.
declare -A increments=([reduction]=500M [racy]=50M [atomic]=20M [critical]=4M
                       [mpi-reduce]=500M [mpi-rma]=300k)
if ((quick)); then
  increments=([reduction]=120M [racy]=12M [atomic]=5M [critical]=1M [mpi-reduce]=120M
              [mpi-rma]=75k)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-counter.XXXXXX")
trap 'rm -rf "$work"' EXIT
records=$work/records.jsonl
runs=$work/runs.tsv  # round  workers  role(ref|ours)  method  record line number
: >"$records"
: >"$runs"
run_timeout=300  # a hung mpirun must not hang the benchmark

# run ROUND WORKERS ROLE METHOD: one run of the method with WORKERS workers, its record
# appended to $records and its place noted in $runs.
run() {
  local round=$1 workers=$2 role=$3 method=$4
  local -a cmd
  case $method in
    mpi-*) cmd=(mpirun -n "$workers" --oversubscribe "$bin" --model mpi) ;;
    *) cmd=("$bin" --model openmp --threads "$workers") ;;
  esac
  cmd+=(--method "$method" --increments "${increments[$method]}" --reps 3 --warmup 1
        --quiet --output "$records")
  local log=$work/last.log code=0
  timeout "$run_timeout" "${cmd[@]}" >"$log" 2>&1 || code=$?
  if ((code != 0)); then
    echo "---- output of the failed run ----" >&2
    tail -n 20 "$log" >&2 || true
    echo "bench-counter: FAILED (exit $code): ${cmd[*]}" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$workers" "$role" "$method" \
    "$(wc -l <"$records")" >>"$runs"
}

# group ROUND WORKERS METHOD...: reduction, the methods, reduction again.
group() {
  local round=$1 workers=$2
  shift 2
  run "$round" "$workers" ref reduction
  for method in "$@"; do run "$round" "$workers" ours "$method"; done
  run "$round" "$workers" ref reduction
}

echo "bench-counter: $rounds rounds; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start=$SECONDS
shared=(racy atomic critical)
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds ..." >&2
  k=$(((r - 1) % ${#shared[@]}))
  rotated=("${shared[@]:k}" "${shared[@]:0:k}")
  if ((r % 2)); then
    group "$r" 1 "${rotated[@]}"
    group "$r" 2 "${rotated[@]}" mpi-reduce mpi-rma
  else
    group "$r" 2 mpi-rma mpi-reduce "${rotated[@]}"
    group "$r" 1 "${rotated[@]}"
  fi
done
echo "measured in $((SECONDS - start)) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$py" - "$records" "$runs" <<'PY'
import json, statistics, sys
from collections import defaultdict

records = [json.loads(line) for line in open(sys.argv[1])]
runs = [line.rstrip("\n").split("\t") for line in open(sys.argv[2]) if line.strip()]

bad = [r for r in records if r["params"]["method"] != "racy" and not r["verified"]]
for r in bad:
    print(f"NOT VERIFIED: {r['variant']} {r['params']['method']} {r['result']}")

rate = defaultdict(list)       # (workers, method) -> updates/s of every run
lost = defaultdict(list)       # (workers, method) -> lost updates of every run
share = defaultdict(list)      # (workers, method) -> lost updates as a fraction of expected
ratio = defaultdict(list)      # (workers, method) -> per-round ratio to the bracketing reduction
per_round = defaultdict(dict)  # (round, method) -> {workers: updates/s}
groups = defaultdict(list)     # (round, workers) -> [(role, method, record)] in run order
for rnd, workers, role, method, line in runs:
    groups[(int(rnd), int(workers))].append((role, method, records[int(line) - 1]))
for (rnd, workers), seq in groups.items():
    refs = [rec["fom"]["updates_per_s"] for role, _, rec in seq if role == "ref"]
    ref = statistics.mean(refs)  # the reduction run before and the one after
    for role, method, rec in seq:
        r = rec["fom"]["updates_per_s"]
        rate[(workers, method)].append(r)
        lost[(workers, method)].append(rec["result"]["lost_updates"])
        share[(workers, method)].append(rec["result"]["lost_updates"] /
                                        max(abs(rec["result"]["expected"]), 1))
        if role == "ours":
            ratio[(workers, method)].append(r / ref)
            per_round[(rnd, method)][workers] = r
    for r in refs:
        per_round[(rnd, "reduction")].setdefault(workers, r)

order = ["reduction", "racy", "atomic", "critical", "mpi-reduce", "mpi-rma"]
print()
print(f"{'workers':>7}  {'method':<11} {'updates/s':>10} {'lost updates':>13} "
      f"{'vs reduction':>12}  {'per-round ratios':<s}")
for workers in (1, 2):
    for method in order:
        key = (workers, method)
        if key not in rate:
            continue
        how = "2 ranks" if method.startswith("mpi") else f"{workers} thr"
        if method == "racy":
            lost_txt = f"{100 * statistics.median(share[key]):.1f} %"
        else:
            lost_txt = f"{max(lost[key])}"
        if method == "reduction":
            ratio_txt, rounds_txt = f"{1:>12.3f}", "(reference)"
        else:
            ratio_txt = f"{statistics.median(ratio[key]):>12.4f}"
            rounds_txt = " ".join(f"{x:.3g}" for x in ratio[key])
        print(f"{workers:>7}  {method:<11} {statistics.median(rate[key]):>10.3g} "
              f"{lost_txt:>13} {ratio_txt}  {rounds_txt}   [{how}]")
print()
print("2 workers over 1 worker (median of per-round ratios):")
for method in ["reduction", "racy", "atomic", "critical"]:
    pairs = [v[2] / v[1] for (rnd, m), v in per_round.items() if m == method and 1 in v and 2 in v]
    if pairs:
        print(f"  {method:<10} {statistics.median(pairs):6.2f}x   "
              + " ".join(f"{x:.3g}" for x in pairs))
print()
print("lost updates: median share of the expected total for racy (never verified), the largest")
print("count for the others (must be 0). updates/s: median over rounds.")
sys.exit(1 if bad else 0)
PY
