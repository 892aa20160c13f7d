#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-matmul: scalelab-matmul beside OpenBLAS's DGEMM, in one run, as ratios.
#
#   1 core    eigen, openmp (blocked kernel)        vs OpenBLAS at 1 thread    targets 0.9, 0.3
#   2 cores   mpi 2x1, hybrid 1x2, openmp 2 threads vs OpenBLAS at 2 threads   targets 0.8, 0.8, 0.3
#   lesson    serial (the textbook loop) vs eigen, both on 1 core, at a smaller n: what the
#             algorithm and vectorisation buy, next to the at most 2x that a second core buys
#
# All at the same n (default 2000) and the same thread count as the reference. Prints the
# GFLOP/s of every run, the per-round ratios and their median, PASS/MISS against the targets,
# and for mpi/hybrid the share of the time spent in communication (the record's breakdown).
# OpenBLAS runs its best kernel for this CPU: the reference pins it itself and says which
# (`Core: ...`, printed here), whatever OPENBLAS_CORETYPE the environment sets.
#
# Method (docs/benchmarks.md): this machine's speed drifts about +-20 % over minutes, so
# a ratio is only meaningful between runs made close together. Every round runs, per core
# count, OpenBLAS first, then ours, then OpenBLAS again (A B C .. A); each of ours is divided
# by the mean of the two OpenBLAS runs that bracket it, and the report is the MEDIAN of those
# per-round ratios. The order of ours rotates every round and the two core counts swap, so no
# model always runs "warmer". Nothing is ever compared with a number saved earlier. The
# serial-vs-eigen pair runs back to back in each round, its order swapped every round.
#
# Exit status: 0 when every run finished and verified (targets may still be MISS: they are
# reported, not enforced), 1 when a run failed or was not verified, 2 on usage errors or
# missing binaries/tools. It builds nothing.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-matmul.sh [--quick] [--rounds N] [--size N] [--serial-size N]

  --quick            n = 1000 and fewer reps (still >= 5 rounds): about 1 minute
  --rounds N         alternating rounds (default 5; fewer than 5 is refused)
  --size N           n of the OpenBLAS comparisons (default 2000)
  --serial-size N    n of the serial-vs-eigen comparison (default 1000: the textbook loop
                     is O(n³) at ~1 GFLOP/s)
  -h, --help         this text

Takes about 4 minutes on a 2-core machine. Run it on an otherwise idle machine: the 2-core
runs need both cores, and every ratio measures whatever else is running too.
EOF
}

rounds=5
quick=0
size=""
serial_size=""
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    --size) size=${2:?--size needs a value}; shift ;;
    --serial-size) serial_size=${2:?--serial-size needs a value}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-matmul: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  # Fewer than 5 rounds makes the median a coin toss under +-20 % drift.
  echo "bench-matmul: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi
if ((quick)); then
  size=${size:-1000}
  serial_size=${serial_size:-500}
  reps=3
else
  size=${size:-2000}
  serial_size=${serial_size:-1000}
  reps=5
fi
for value in "$size" "$serial_size"; do
  if ! [[ $value =~ ^[1-9][0-9]*$ ]]; then
    echo "bench-matmul: --size and --serial-size take a positive integer (got '$value')" >&2
    exit 2
  fi
done

# ---------------------------------------------------------------------------------------------
# Locations and prerequisites (this script never builds: a benchmark must not race a build)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/bin/scalelab-matmul
ref_bin=$root/build/bin/scalelab-matmul-reference
py=/usr/bin/python3  # Debian's Python: `python3` on PATH may be another one
if [[ ! -x $bin ]]; then
  echo "bench-matmul: missing $bin; build first: cmake --preset release && cmake --build build" >&2
  exit 2
fi
if [[ ! -x $ref_bin ]]; then
  echo "bench-matmul: missing $ref_bin (it needs OpenBLAS: scripts/install-deps.sh installs" \
    "libopenblas-dev; then re-run cmake --preset release && cmake --build build)" >&2
  exit 2
fi
for tool in mpirun "$py"; do
  command -v "$tool" >/dev/null || {
    echo "bench-matmul: '$tool' not found; run scripts/install-deps.sh" >&2
    exit 2
  }
done

# shellcheck source=scripts/mpi-env.sh
source "$root/scripts/mpi-env.sh"
# One thread per core, as mpirun binds one rank per core: the 2-thread and 2-rank runs compare.
export OMP_PROC_BIND=close OMP_PLACES=cores
unset OMP_NUM_THREADS OPENBLAS_NUM_THREADS  # thread counts are always passed explicitly

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-matmul.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv  # round  group  role(ref|ours)  name  GFLOP/s  communication share
: >"$results"
run_timeout=900            # a hung mpirun must not hang the benchmark

fail_with_log() {
  local log=$1
  shift
  echo "---- output of the failed run ----" >&2
  tail -n 30 "$log" >&2 || true
  echo "bench-matmul: FAILED: $*" >&2
  exit 1
}

# ours ROUND GROUP NAME MODEL RANKS THREADS N: one scalelab-matmul run, its record checked
# (verified, ran as asked) and its GFLOP/s (and communication share) appended to the results.
ours() {
  local round=$1 group=$2 name=$3 model=$4 ranks=$5 threads=$6 n=$7
  local rec=$work/record.jsonl log=$work/run.log
  rm -f "$rec"
  local -a launch=()
  if [[ $model == mpi || $model == hybrid ]]; then
    # PE=threads gives every rank its own cores (mpirun's default would put a 1x2 run on one).
    launch=(mpirun -n "$ranks" --map-by "slot:PE=$threads" --bind-to core)
  fi
  local -a cmd=("${launch[@]}" "$bin" --model "$model" --threads "$threads" --size "$n"
                --reps "$reps" --warmup 1 --quiet --output "$rec")
  [[ $model == serial ]] && cmd=("$bin" --model serial --size "$n" --reps 1 --warmup 0 --quiet
                                 --output "$rec")
  timeout "$run_timeout" "${cmd[@]}" >"$log" 2>&1 || fail_with_log "$log" "${cmd[*]}"
  local line
  line=$("$py" - "$rec" "$ranks" "$threads" <<'PY'
import json, sys
path, ranks, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines = [l for l in open(path) if l.strip()]
if len(lines) != 1:
    sys.exit(f"expected one record, found {len(lines)}")
r = json.loads(lines[0])
if r.get("verified") is not True or r.get("status") != "ok":
    sys.exit(f"NOT VERIFIED: status={r.get('status')} check={json.dumps(r.get('check'))}")
if (r.get("ranks"), r.get("threads")) != (ranks, threads):
    sys.exit(f"ran as {r.get('ranks')} x {r.get('threads')}, asked for {ranks} x {threads}")
b = r.get("breakdown") or {}
share = b["communication"] / (b["communication"] + b["compute"]) if b else float("nan")
print(f"{r['fom']['GFLOP_per_s']!r}\t{share!r}")
PY
  ) || fail_with_log "$log" "bad record from ${cmd[*]}"
  printf '%s\t%s\tours\t%s\t%s\n' "$round" "$group" "$name" "$line" >>"$results"
}

# reference ROUND GROUP THREADS: OpenBLAS's DGEMM at the same n and reps.
reference() {
  local round=$1 group=$2 threads=$3 log=$work/ref.log
  timeout "$run_timeout" "$ref_bin" "$size" "$threads" "$reps" >"$log" 2>&1 ||
    fail_with_log "$log" "$ref_bin $size $threads $reps"
  local rate
  rate=$(sed -n 's/.* gflops_per_s=\([0-9.e+-]*\) core=.*$/\1/p' "$log")
  [[ -n $rate ]] || fail_with_log "$log" "cannot parse the reference's output"
  [[ -n $core_line ]] || core_line=$(grep -m1 '^Core: ' "$log" || echo "Core: (not reported)")
  printf '%s\t%s\tref\topenblas\t%s\tnan\n' "$round" "$group" "$rate" >>"$results"
}

# group ROUND CORES: OpenBLAS, ours (in rotated order), OpenBLAS again.
group() {
  local round=$1 cores=$2
  local -a runs
  if ((cores == 1)); then
    runs=("eigen eigen 1 1" "openmp openmp 1 1")
  else
    runs=("mpi-2x1 mpi 2 1" "hybrid-1x2 hybrid 1 2" "openmp-2t openmp 1 2")
  fi
  local k=$(((round - 1) % ${#runs[@]}))
  runs=("${runs[@]:k}" "${runs[@]:0:k}")
  reference "$round" "$cores" "$cores"
  local run
  for run in "${runs[@]}"; do
    # shellcheck disable=SC2086  # "name model ranks threads" split on purpose
    ours "$round" "$cores" $run "$size"
  done
  reference "$round" "$cores" "$cores"
}

lesson() {
  local round=$1
  if ((round % 2)); then
    ours "$round" lesson serial serial 1 1 "$serial_size"
    ours "$round" lesson eigen-small eigen 1 1 "$serial_size"
  else
    ours "$round" lesson eigen-small eigen 1 1 "$serial_size"
    ours "$round" lesson serial serial 1 1 "$serial_size"
  fi
}

core_line=""  # the reference's "Core: ..." line, kept from its first run
echo "bench-matmul: n=$size (serial vs eigen: n=$serial_size), $rounds rounds of $reps reps;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start=$SECONDS
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds ..." >&2
  if ((r % 2)); then
    group "$r" 1
    group "$r" 2
  else
    group "$r" 2
    group "$r" 1
  fi
  lesson "$r"
done
echo "measured in $((SECONDS - start)) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$py" - "$results" "$size" "$serial_size" "$core_line" <<'PY'
import math, statistics, sys
from collections import defaultdict

path, size, serial_size, core_line = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]

rates = defaultdict(list)    # (group, name) -> GFLOP/s of every run
ratios = defaultdict(list)   # (group, name) -> per-round ratio to the bracketing OpenBLAS runs
shares = defaultdict(list)   # (group, name) -> communication share of the rep
runs = defaultdict(list)     # (round, group) -> [(role, name, GFLOP/s)] in run order
for rnd, group, role, name, rate, share in rows:
    runs[(rnd, group)].append((role, name, float(rate)))
    rates[(group, name)].append(float(rate))
    if not math.isnan(float(share)):
        shares[(group, name)].append(float(share))
for (rnd, group), seq in runs.items():
    refs = [rate for role, _, rate in seq if role == "ref"]
    for role, name, rate in seq:
        if role == "ours" and refs:
            ratios[(group, name)].append(rate / statistics.mean(refs))

targets = {("1", "eigen"): 0.9, ("1", "openmp"): 0.3, ("2", "mpi-2x1"): 0.8,
           ("2", "hybrid-1x2"): 0.8, ("2", "openmp-2t"): 0.3}
labels = {("1", "eigen"): "eigen, 1 thread", ("1", "openmp"): "openmp (blocked), 1 thread",
          ("2", "mpi-2x1"): "mpi, 2 ranks x 1 thread", ("2", "hybrid-1x2"): "hybrid, 1 rank x 2 threads",
          ("2", "openmp-2t"): "openmp (blocked), 2 threads"}

print()
print(f"matmul n={size}: GFLOP/s (median over rounds) and ours / OpenBLAS DGEMM at the same "
      "thread count (median of per-round ratios)")
print(f"OpenBLAS {core_line}")
print(f"{'cores':>5}  {'run':<30} {'GFLOP/s':>8} {'vs OpenBLAS':>11} {'target':>7}  "
      f"{'':<4}  per-round ratios")
for group in ("1", "2"):
    ref = rates.get((group, "openblas"), [])
    if ref:
        print(f"{group:>5}  {'OpenBLAS DGEMM, ' + group + ' thread(s)':<30} "
              f"{statistics.median(ref):>8.1f} {'(reference)':>11}")
    for key in [k for k in targets if k[0] == group]:
        if key not in ratios:
            continue
        ratio = statistics.median(ratios[key])
        verdict = "PASS" if ratio >= targets[key] else "MISS"
        extra = ""
        if shares.get(key):
            extra = f"   communication {100 * statistics.median(shares[key]):.1f} % of the rep"
        print(f"{group:>5}  {labels[key]:<30} {statistics.median(rates[key]):>8.1f} "
              f"{ratio:>11.3f} {targets[key]:>7.2f}  {verdict:<4}  "
              + " ".join(f"{x:.3f}" for x in ratios[key]) + extra)

pairs = []
for (rnd, group), seq in runs.items():
    if group == "lesson":
        by_name = {name: rate for _, name, rate in seq}
        pairs.append(by_name["eigen-small"] / by_name["serial"])
if pairs:
    print()
    print(f"the lesson, n={serial_size}, one core each: textbook triple loop "
          f"{statistics.median(rates[('lesson', 'serial')]):.2f} GFLOP/s, Eigen "
          f"{statistics.median(rates[('lesson', 'eigen-small')]):.1f} GFLOP/s")
    print(f"  eigen / serial = {statistics.median(pairs):.1f}x (median of per-round ratios: "
          + " ".join(f"{x:.1f}" for x in pairs) + ")")
    print("  a second core buys at most 2x: the algorithm (blocking for the caches) and")
    print("  vectorisation (SIMD fused multiply-adds) buy far more than cores do.")
PY
