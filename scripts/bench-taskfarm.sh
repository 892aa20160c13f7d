#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-taskfarm: does dynamic scheduling keep 2 workers busy, and how much does it beat a
# static split when task costs are sorted by size? In one run, as ratios.
#
#   1. exponential costs, 2 workers: makespan efficiency (ideal / makespan, ideal = total busy
#      time / workers) of scalelab-taskfarm --schedule dynamic (openmp: 2 threads; mpi: 2 ranks,
#      master-worker) vs the same tasks run one process each by `xargs -P2` over
#      scalelab-taskfarm-reference (the OS as the task farm). Target: ours >= 0.95.
#   2. linear costs (sorted by size), 2 workers: makespan of static / makespan of dynamic
#      (openmp threads, and mpi ranks: block split vs master-worker). Target: >= 1.3.
#
# Method (docs/benchmarks.md): this machine's speed drifts about +-20 % over minutes, so
# ours and the reference run alternately (A B A B ..., order swapped every round, >= 5 rounds)
# and the report is the MEDIAN of per-round values and ratios; nothing is ever divided by a
# number saved earlier. Every run must verify; xargs' results must sum to ours (the same tasks).
#
# Exit status: 0 when every run finished and verified (targets may still be MISS: they are
# reported, not enforced), 1 when a run failed or was not verified, 2 on usage errors or missing
# binaries. It builds nothing.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-taskfarm.sh [--quick] [--rounds N] [--records FILE.jsonl]

  --quick               ~1 minute: half the tasks (still >= 5 rounds)
  --rounds N            alternating rounds (default 5; fewer than 5 is refused)
  --records FILE.jsonl  also append every scalelab record of the run to FILE (for plots)
  -h, --help            this text

Takes ~3 minutes on a 2-core machine. Run it on an otherwise idle machine: it reports how much
of the CPUs other processes used meanwhile, since every 2-worker number measures them too.
EOF
}

# ---------------------------------------------------------------------------------------------
# Options
rounds=5
quick=0
keep=""
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    --records) keep=${2:?--records needs a file}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-taskfarm: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  echo "bench-taskfarm: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi

# Part 1: tasks of ~35 ms on average (5M units of ~7 ns), long enough that a process start
# (~1 ms) is small beside them, as a user of xargs would choose; enough of them that the
# unavoidable end (one worker finishing its last task alone) costs ~1 %.
# Part 2: many ~0.7 ms tasks: a static split's imbalance, not granularity, decides the makespan.
seed=42
if ((quick)); then
  farm_tasks=80 farm_work=5000000 sorted_tasks=1000 sorted_work=100000
else
  farm_tasks=160 farm_work=5000000 sorted_tasks=2000 sorted_work=100000
fi

# ---------------------------------------------------------------------------------------------
# Locations and prerequisites (a benchmark must not race a build: it builds nothing)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/bin
farm=$bin/scalelab-taskfarm
ref=$bin/scalelab-taskfarm-reference
py=/usr/bin/python3  # Debian's Python: `python3` on PATH may be another one
for b in "$farm" "$ref"; do
  [[ -x $b ]] || {
    echo "bench-taskfarm: missing $b; build first:  cmake --preset release && cmake --build build" >&2
    exit 2
  }
done
for tool in mpirun xargs "$py"; do
  command -v "$tool" >/dev/null || { echo "bench-taskfarm: '$tool' not found" >&2; exit 2; }
done
if [[ -n $keep && ! -d $(dirname "$keep") ]]; then
  echo "bench-taskfarm: --records: directory of '$keep' does not exist" >&2
  exit 2
fi

# shellcheck source=scripts/mpi-env.sh
source "$root/scripts/mpi-env.sh"
# One thread per core, as mpirun binds one rank per core: neither side pays for migrations.
export OMP_PROC_BIND=close OMP_PLACES=cores
unset OMP_NUM_THREADS  # --threads is always passed explicitly

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-taskfarm.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv  # round  part  name  value
: >"$results"
run_timeout=600            # a hung run must not hang the benchmark

fail() {
  echo "bench-taskfarm: FAILED: $*" >&2
  exit 1
}
fail_with_log() {
  local log=$1
  shift
  echo "---- output of the failed run ----" >&2
  tail -n 40 "$log" >&2 || true
  fail "$*"
}
record() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$results"; }

# CPU ticks: "busy total ours" (busy of all CPUs from /proc/stat; ours = CPU time of this
# shell's finished children, apps and mpirun included), to tell afterwards how much of the
# machine other processes took while we measured.
cpu_ticks() {
  local -a c s
  read -r -a c </proc/stat
  local self
  self=$(</proc/$$/stat)
  read -r -a s <<<"${self##*) }"
  echo "$((c[1] + c[2] + c[3] + c[6] + c[7] + c[8])) $((c[1] + c[2] + c[3] + c[4] + c[5] + c[6] + c[7] + c[8])) $((s[13] + s[14]))"
}

# ---------------------------------------------------------------------------------------------
# One scalelab-taskfarm run on 2 workers; checks the record and prints
# "VALUE COMBINED IMBALANCE" (imbalance: max / mean busy time of the workers).
#   ours MODEL COSTS SCHEDULE TASKS MEAN_WORK REPS METRIC     METRIC: efficiency | makespan_s
ours() {
  local model=$1 costs=$2 schedule=$3 tasks=$4 mean_work=$5 reps=$6 metric=$7
  local rec=$work/record.jsonl log=$work/run.log
  rm -f "$rec"
  local -a launch=("$farm" --threads 2)
  if [[ $model == mpi ]]; then
    launch=(mpirun -n 2 --map-by slot:PE=1 --bind-to core "$farm")
  fi
  timeout "$run_timeout" "${launch[@]}" --model "$model" --costs "$costs" --schedule "$schedule" \
    --size "$tasks" --mean-work "$mean_work" --seed "$seed" --reps "$reps" --warmup 0 \
    --quiet --output "$rec" >"$log" 2>&1 ||
    fail_with_log "$log" "scalelab-taskfarm --model $model --schedule $schedule exited non-zero"
  [[ -z $keep ]] || cat "$rec" >>"$keep"
  "$py" - "$rec" "$metric" <<'PY' || fail_with_log "$log" "bad record from --model $model --schedule $schedule"
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
if len(lines) != 1:
    sys.exit(f"expected one record, found {len(lines)}")
r = json.loads(lines[0])
if r.get("verified") is not True or r.get("status") != "ok":
    sys.exit(f"NOT VERIFIED: status={r.get('status')} check={json.dumps(r.get('check'))}")
if r["cores"] != 2:
    sys.exit(f"ran on {r['cores']} workers, asked for 2")
res = r["result"]
print(repr(float(res[sys.argv[2]])), res["combined"], repr(float(res["imbalance"])))
PY
}

# The same tasks, one process each, dealt by xargs -P2. Prints "EFFICIENCY COMBINED -".
xargs_farm() {
  local out=$work/xargs.out
  local start end
  start=$EPOCHREALTIME
  seq 0 $((farm_tasks - 1)) |
    timeout "$run_timeout" xargs -P2 -n1 "$ref" exponential "$farm_work" "$farm_tasks" "$seed" \
      >"$out" 2>&1 || fail_with_log "$out" "xargs -P2 $(basename "$ref") failed"
  end=$EPOCHREALTIME
  "$py" - "$out" "$start" "$end" "$farm_tasks" <<'PY' || fail_with_log "$out" "bad output from the xargs reference"
import sys
path, start, end, tasks = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
seen, busy, combined = set(), 0.0, 0
for line in open(path):
    f = dict(kv.split("=") for kv in line.split())
    seen.add(int(f["task"]))
    busy += float(f["busy_s"])
    combined = (combined + int(f["result"])) % 2**64
if seen != set(range(tasks)):
    sys.exit(f"ran {len(seen)} distinct tasks of {tasks}")
print(repr(busy / 2 / (end - start)), combined, "-")
PY
}

# Runs a measurement, records its value (and imbalance), and checks that it computed the
# expected answer.   measure ROUND PART NAME EXPECTED_COMBINED_VAR command...
measure() {
  local round=$1 part=$2 name=$3 expect_var=$4
  shift 4
  local out value combined imbalance
  out=$("$@") || exit 1
  read -r value combined imbalance <<<"$out"
  if [[ -z ${!expect_var} ]]; then
    printf -v "$expect_var" '%s' "$combined"
  elif [[ $combined != "${!expect_var}" ]]; then
    fail "$name computed $combined, other runs of the same tasks ${!expect_var}"
  fi
  record "$round" "$part" "$name" "$value"
  [[ $imbalance == - ]] || record "$round" "$part-imbalance" "$name" "$imbalance"
}

# ---------------------------------------------------------------------------------------------
echo "== ScaleLab bench-taskfarm =="
echo "host      $(hostname)  ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs)"
echo "date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
sha=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || sha+="-dirty"
echo "git       $sha  (binaries from $(date -u -r "$farm" '+%Y-%m-%d %H:%M UTC'))"
echo "method    $rounds rounds, ours and the reference alternately (order swapped every round);" \
  "medians of per-round values"
echo "part 1    $farm_tasks exponential tasks of mean $farm_work units, seed $seed, 2 workers;" \
  "ours 1 rep; xargs -P2 -n1 $(basename "$ref")"
echo "part 2    $sorted_tasks linear (sorted) tasks of mean $sorted_work units, 2 workers, 3 reps"
echo "binding   OMP_PROC_BIND=close OMP_PLACES=cores; mpirun --map-by slot:PE=1 --bind-to core"
echo

# The combined result every run of a part must reproduce (set by its first run; `measure`
# reads and sets them by name).
# shellcheck disable=SC2034
farm_sum="" sorted_sum=""
ticks_before=$(cpu_ticks)
start=$SECONDS
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds ..." >&2
  part1=(
    "measure $r farm xargs farm_sum xargs_farm"
    "measure $r farm openmp farm_sum ours openmp exponential dynamic $farm_tasks $farm_work 1 efficiency"
    "measure $r farm mpi farm_sum ours mpi exponential dynamic $farm_tasks $farm_work 1 efficiency"
  )
  part2=(
    "measure $r sorted openmp-static sorted_sum ours openmp linear static $sorted_tasks $sorted_work 3 makespan_s"
    "measure $r sorted openmp-dynamic sorted_sum ours openmp linear dynamic $sorted_tasks $sorted_work 3 makespan_s"
    "measure $r sorted mpi-static sorted_sum ours mpi linear static $sorted_tasks $sorted_work 3 makespan_s"
    "measure $r sorted mpi-dynamic sorted_sum ours mpi linear dynamic $sorted_tasks $sorted_work 3 makespan_s"
  )
  if ((r % 2 == 0)); then  # the reference first in odd rounds, last in even ones
    part1=("${part1[1]}" "${part1[2]}" "${part1[0]}")
    part2=("${part2[1]}" "${part2[0]}" "${part2[3]}" "${part2[2]}")
  fi
  for step in "${part1[@]}" "${part2[@]}"; do $step; done
done
echo "measured in $((SECONDS - start)) s" >&2
ticks_after=$(cpu_ticks)

# ---------------------------------------------------------------------------------------------
# Report: per-round values first, medians last.
"$py" - "$results" "$ticks_before" "$ticks_after" <<'PY'
import statistics, sys
from collections import defaultdict

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
(b0, t0, o0), (b1, t1, o1) = (map(int, a.split()) for a in sys.argv[2:4])
others = max(0.0, 100 * ((b1 - b0) - (o1 - o0)) / max(t1 - t0, 1))
value = defaultdict(dict)  # (part, name) -> {round: value}
for rnd, part, name, v in rows:
    value[(part, name)][int(rnd)] = float(v)
rounds = sorted({int(r[0]) for r in rows})

def per_round(a, b):
    """a / b within each round (they ran in the same round, side by side)."""
    return [value[a][r] / value[b][r] for r in rounds]

def fmt(xs):
    return " ".join(f"{x:6.3f}" for x in xs)

med = statistics.median
print("1. exponential costs, 2 workers: makespan efficiency (ideal / makespan) per round")
for name, label in [("openmp", "ours openmp dynamic, 2 threads"),
                    ("mpi", "ours mpi master-worker, 2 ranks"),
                    ("xargs", "xargs -P2, one process per task")]:
    xs = [value[("farm", name)][r] for r in rounds]
    print(f"   {label:<34} {fmt(xs)}   median {med(xs):.3f}")
for name in ["openmp", "mpi"]:
    xs = per_round(("farm", name), ("farm", "xargs"))
    print(f"   {name + ' / xargs':<34} {fmt(xs)}   median {med(xs):.3f}")
print()
print("2. linear (sorted) costs, 2 workers: makespan in s per round, and static / dynamic")
for name in ["openmp-static", "openmp-dynamic", "mpi-static", "mpi-dynamic"]:
    xs = [value[("sorted", name)][r] for r in rounds]
    print(f"   {name:<34} {fmt(xs)}   median {med(xs):.3f}")
for model in ["openmp", "mpi"]:
    xs = per_round(("sorted", model + "-static"), ("sorted", model + "-dynamic"))
    print(f"   {model + ' static / dynamic':<34} {fmt(xs)}   median {med(xs):.3f}")
print("   imbalance (max / mean busy time; a static split of sorted costs is 1.5 on an idle machine)")
for name in ["openmp-static", "openmp-dynamic", "mpi-static", "mpi-dynamic"]:
    xs = [value[("sorted-imbalance", name)][r] for r in rounds]
    print(f"   {name:<34} {fmt(xs)}   median {med(xs):.3f}")
print()

targets = [
    ("openmp dynamic efficiency, exponential", med([value[("farm", "openmp")][r] for r in rounds]), 0.95),
    ("mpi master-worker efficiency, expon.", med([value[("farm", "mpi")][r] for r in rounds]), 0.95),
    ("openmp static/dynamic makespan, sorted", med(per_round(("sorted", "openmp-static"), ("sorted", "openmp-dynamic"))), 1.3),
    ("mpi static/master-worker, sorted", med(per_round(("sorted", "mpi-static"), ("sorted", "mpi-dynamic"))), 1.3),
]
print("targets (medians)")
for what, got, want in targets:
    print(f"   {what:<40} {got:6.3f}  >= {want:.2f}  {'PASS' if got >= want else 'MISS'}")
misses = sum(got < want for _, got, want in targets)
print(f"   {len(targets) - misses}/{len(targets)} met")
print(f"load: other processes used {others:.0f}% of the CPUs while we measured")
if others > 5:
    print("WARNING: we did not have the machine to ourselves; every 2-worker number suffers."
          " Re-check any MISS on an idle machine")
PY
