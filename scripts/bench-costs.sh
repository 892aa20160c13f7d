#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-costs: what ScaleLab's ping-pong probe adds to the latency it measures, in one run.
#
#   ours  mpirun -n 2 scalelab-costs --model mpi --probe pingpong --size 8 --reps R: the 8-byte
#         blocking half round trip; the probe times a batch of 1000 round trips per rep and
#         the record gives the median over the R + 1 batches (its warm-up rep included)
#   ref   mpirun -n 2 scalelab-pingpong-reference 8 1000 B: a plain ~25-line MPI ping-pong
#         (no payload checks, one timer around each batch of 1000 round trips), built in the
#         same tree with the same flags; it prints the median over its B batches
# Medians, not means: a rank descheduled for a few milliseconds by another process would
# otherwise decide the ratio (both means are printed too). And equal exposure: each rep of
# ours also runs 0, 1, 2 and 4 B and the nonblocking mode (10 entries of 1100 round trips),
# so the reference runs B = 11 (R + 1) batches, as long as ours, and meets the same share of
# whatever else runs on the machine.
#
# Target: ours / ref <= 1.05 (the probe's payload checks and bookkeeping add at most 5 %), and
# both ran over shared memory rather than a slow fallback: ours by the record's transport
# verdict (MPI_T pml/btl, both ranks on one node, latency within the bound), the reference
# by its latency within the same bound (a TCP loopback fallback is ~40x slower here).
#
# Method (docs/benchmarks.md): this machine's speed drifts about +-20 % over minutes, so
# ours and the reference run alternately (A B A B ..., the order swapped every round) and the
# report is the MEDIAN of the per-round ratios; nothing is compared with a number saved
# earlier. Both are launched the same way (mpirun -n 2 --bind-to core: one core per rank).
#
# --table then runs every probe once (spawn, memory, pingpong, collectives) and prints
# scripts/latency-table of those records: the "latency numbers" of this machine, including
# MPI_Init + MPI_Finalize of fresh mpirun -n 1 launches.
#
# Exit status: 0 when every run finished, verified and used shared memory (the target may still
# be MISS: it is reported, not enforced); 1 when a run failed, was not verified or did not get
# shared memory; 2 on usage errors or missing binaries/tools. It builds nothing.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-costs.sh [--rounds N] [--reps N] [--table] [--records FILE]

  --rounds N      alternating rounds (default 7; fewer than 5 is refused)
  --reps N        the probe's repetitions per run, 1000 round trips each (default 50)
  --table         afterwards, run every probe once and print scripts/latency-table
  --records FILE  append --table's records to FILE (default: a temporary file)
  -h, --help      this text

About 20 s (a minute with --table) on a 2-core machine. Run it on an otherwise idle machine:
two ranks on two cores share them with anything else that runs.
EOF
}

# ---------------------------------------------------------------------------------------------
# Options
rounds=7
reps=50
table=0
records=""
while (($#)); do
  case $1 in
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    --reps) reps=${2:?--reps needs a value}; shift ;;
    --table) table=1 ;;
    --records) records=${2:?--records needs a value}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-costs: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  echo "bench-costs: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi
if ! [[ $reps =~ ^[0-9]+$ ]] || ((reps < 1)); then
  echo "bench-costs: --reps must be a positive integer (got '$reps')" >&2
  exit 2
fi

# ---------------------------------------------------------------------------------------------
# Locations and prerequisites (this script never builds: a benchmark must not race a build)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
costs=$root/build/bin/scalelab-costs
ref_bin=$root/build/bin/scalelab-pingpong-reference
py=/usr/bin/python3  # Debian's Python: `python3` on PATH may be another one

for b in "$costs" "$ref_bin"; do
  if [[ ! -x $b ]]; then
    echo "bench-costs: missing $b; build first:  cmake --preset release && cmake --build build" >&2
    exit 2
  fi
done
for tool in mpirun "$py"; do
  command -v "$tool" >/dev/null || {
    echo "bench-costs: '$tool' not found; run scripts/install-deps.sh" >&2
    exit 2
  }
done

# Root may run mpirun; ob1 + vader is the shared-memory path (UCX does not work here).
# shellcheck source=scripts/mpi-env.sh
source "$root/scripts/mpi-env.sh"
launch=(mpirun -n 2 --bind-to core)
((batches = reps + 1))         # the probe's samples: --reps plus its warm-up rep
trips=1000                     # round trips of 8 B per batch (round_trips_for(8) in the probe)
((ref_batches = 11 * batches))  # as long as ours: 10 entries x (1000 + 100 warm-up) per rep
run_timeout=300                   # a hung mpirun must not hang the benchmark

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-costs.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv  # round  role(ours|ref)  median_us  mean_us  [kind  evidence]
: >"$results"

fail() {
  echo "bench-costs: FAILED: $*" >&2
  exit 1
}

fail_with_log() {
  local log=$1
  shift
  echo "---- output of the failed run ----" >&2
  tail -n 40 "$log" >&2 || true
  fail "$*"
}

# ---------------------------------------------------------------------------------------------
# One run of ours: validates the record (exit code, verified, 2 ranks, the batches timed) and
# prints "median_us mean_us kind evidence" of the 8-byte blocking entry.
ours() {
  local rec=$work/ours.jsonl log=$work/ours.log
  rm -f "$rec"
  timeout "$run_timeout" "${launch[@]}" "$costs" --model mpi --probe pingpong --size 8 \
    --reps "$reps" --warmup 1 --output "$rec" --quiet >"$log" 2>&1 ||
    fail_with_log "$log" "scalelab-costs --probe pingpong exited non-zero"
  local bad="bad record from scalelab-costs"
  PYTHONPATH="$root/python" "$py" - "$rec" "$trips" "$batches" <<'PY' || fail_with_log "$log" "$bad"
import sys
path, trips, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
from scalelab.records import read_records
records = read_records(path)
if len(records) != 1:
    sys.exit(f"expected one record, found {len(records)}")
r = records[0]
if r.get("verified") is not True or r.get("status") != "ok":
    sys.exit(f"NOT VERIFIED: status={r.get('status')} check={r.get('check')}")
if r["ranks"] != 2:
    sys.exit(f"ran on {r['ranks']} ranks, asked for 2")
table = r["result"]["table"]
entry = next(e for e in table if e["bytes"] == 8)
samples = r["reps"] + r["warmup"]
shape = ([e["bytes"] for e in table], {e["round_trips"] for e in table}, samples)
if shape != ([0, 1, 2, 4, 8], {trips}, batches):
    sys.exit(f"the probe ran sizes, round trips and batches {shape}, the reference is set up "
             f"for [0, 1, 2, 4, 8] x {trips} x {batches}: update bench-costs.sh")
t = r["result"]["transport"]
us = entry["blocking"]["half_round_trip_us"]
print(us["median"], us["mean"], t["kind"], t["evidence"].replace("\t", " "), sep="\t")
PY
}

# One run of the reference: prints "median_us mean_us" of its batches.
ref() {
  local log=$work/ref.log
  timeout "$run_timeout" "${launch[@]}" "$ref_bin" 8 "$trips" "$ref_batches" >"$log" 2>&1 ||
    fail_with_log "$log" "scalelab-pingpong-reference exited non-zero"
  local us
  local line="^bytes=8 round_trips=${ref_batches}x$trips half_round_trip_us"
  us=$(sed -n "s/$line median=\([0-9.]*\) mean=\([0-9.]*\)$/\1\t\2/p" "$log")
  [[ -n $us ]] || fail_with_log "$log" "cannot parse scalelab-pingpong-reference output"
  echo "$us"
}

# ---------------------------------------------------------------------------------------------
load_before=$(cut -d' ' -f1 /proc/loadavg)
start=$SECONDS
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds ..." >&2
  for role in $( ((r % 2)) && echo "ours ref" || echo "ref ours"); do
    measured=$("$role")  # an assignment, so that a failed run stops the script (set -e)
    printf '%s\t%s\t%s\n' "$r" "$role" "$measured" >>"$results"
  done
done
echo "measured in $((SECONDS - start)) s" >&2
load_after=$(cut -d' ' -f1 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# Report: per-round ratios first, the median last.
"$py" - "$results" "$trips" "$batches" "$ref_batches" "$load_before" "$load_after" "$(nproc)" <<'PY'
import statistics, sys
path, trips, batches, ref_batches = sys.argv[1], *map(int, sys.argv[2:5])
load_before, load_after, cores = float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
BOUND_US = 5.0  # kSharedMemoryBoundUs in apps/costs/transport.hpp
runs = {"ours": {}, "ref": {}}  # role -> round -> (median, mean)
kinds, evidence = set(), ""
for line in open(path):
    fields = line.rstrip("\n").split("\t")
    runs[fields[1]][int(fields[0])] = (float(fields[2]), float(fields[3]))
    if fields[1] == "ours":
        kinds.add(fields[4])
        evidence = fields[5]
ours, ref = runs["ours"], runs["ref"]
print(f"bench-costs: 8 B MPI half round trip in us, mpirun -n 2 --bind-to core, median over "
      f"batches of {trips} round trips (ours {batches}, ref {ref_batches}), runs alternating")
print(f"{'round':>5}  {'ours':>7}  {'ref':>7}  {'ours/ref':>8}    "
      f"{'ours mean':>9}  {'ref mean':>8}")
ratios = []
for r in sorted(ours):
    ratios.append(ours[r][0] / ref[r][0])
    print(f"{r:>5}  {ours[r][0]:7.3f}  {ref[r][0]:7.3f}  {ratios[-1]:8.3f}    "
          f"{ours[r][1]:9.3f}  {ref[r][1]:8.3f}")
median = statistics.median(ratios)
print(f"median of per-round ratios: {median:.3f}")
print(f"transport: {', '.join(sorted(kinds))}; {evidence}")
problems = []
if kinds != {"shared-memory"}:
    problems.append(f"ours did not get shared memory in every run ({', '.join(sorted(kinds))})")
slow_ref = [r for r, (us, _) in ref.items() if us > BOUND_US]
if slow_ref:
    problems.append(f"the reference took more than {BOUND_US} us in rounds {slow_ref}: "
                    "not shared memory")
verdict = "PASS" if median <= 1.05 else "MISS"
print(f"target: the probe adds <= 5 %: ours/ref {median:.3f} <= 1.05  {verdict}")
print(f"load average: {load_before:.2f} before, {load_after:.2f} after, on {cores} cores")
if max(load_before, load_after) > 0.5:
    print("WARNING: other processes were running; two ranks on two cores share them with "
          "everything else. Re-check a MISS on an idle machine")
for p in problems:
    print(f"FAILED: {p}")
sys.exit(1 if problems else 0)
PY

# ---------------------------------------------------------------------------------------------
# The latency table: every probe once, then scripts/latency-table.
if ((table)); then
  records=${records:-$work/costs.jsonl}
  np=$(nproc)
  ((np >= 2)) || np=2
  export OMP_PROC_BIND=close OMP_PLACES=cores  # threads one per core, as mpirun binds ranks
  unset OMP_NUM_THREADS                        # OpenMP's default: every core
  log=$work/table.log
  echo "latency table: running every probe once (records: $records) ..." >&2
  for run in "$costs --probe spawn --model openmp" \
    "$costs --probe memory" \
    "mpirun -n 2 --bind-to core $costs --model mpi --probe pingpong" \
    "mpirun -n $np --oversubscribe --bind-to core $costs --model mpi --probe collectives"; do
    # shellcheck disable=SC2086  # the run strings are word lists without quoting needs
    timeout "$run_timeout" $run --quiet --output "$records" >"$log" 2>&1 ||
      fail_with_log "$log" "'$run' exited non-zero"
  done
  echo
  SCALELAB_PYTHON="$py" "$root/scripts/latency-table" "$records"
fi
