#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-basics: ScaleLab's pi and triad beside plain references, in one run, as ratios.
#
#   pi    every model at 1 and 2 cores vs xoshiro256+ in AVX-512 lanes at the same thread count
#         (scalelab-pi-simd-reference: what a performance engineer would write), and each
#         parallel model's 2-core rate over its own 1-core rate
#   triad openmp/eigen GB/s with plain stores vs likwid-bench's stream triad, and with streaming
#         stores vs likwid-bench's stream_mem triad (non-temporal stores), at the same thread
#         count and array size; and what write-allocate costs (streaming / plain)
#
# Method (docs/benchmarks.md): this machine's speed drifts about +-20 % over minutes, so
# a ratio is only meaningful between runs made close together. Every round runs the reference
# right before and right after ours (A B A B ...); each of our runs is divided by the mean of the
# reference runs that bracket it, and the report is the MEDIAN of those per-round ratios. Nothing
# is ever compared with a number saved earlier. Pairs that are compared with each other (1 vs 2
# cores) run back to back, their order swapped every round so that neither always runs "warmer".
#
# Exit status: 0 when every run finished and verified (targets may still be MISS: they are
# reported, not enforced), 1 when a run failed or was not verified, 2 on usage errors or missing
# binaries/tools. It builds nothing.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-basics.sh [--quick] [--rounds N] [--pi-size N] [--raw FILE]

  --quick               ~1 minute: fewer samples and repetitions (still >= 5 rounds)
  --rounds N            alternating rounds (default 5; fewer than 5 is refused)
  --pi-size N           pi samples per run, k/M/G suffixes allowed (default 1G: a 2-core rep
                        lasts ~0.3 s, long enough for a stable 2-core ratio; quick 200M)
  --raw FILE            also save every single run as TSV (round, group, ref|ours, name, value
                        in samples/s or GB/s): shows which rounds a busy machine disturbed
  -h, --help            this text

likwid-bench kernels: the widest that runs here of stream_avx512_fma stream_avx_fma stream_avx
stream_sse stream (plain stores) and of stream_mem_avx512 stream_mem_avx stream_mem_sse
stream_mem (non-temporal stores).

It takes ~5 minutes by default on a 2-core machine. Run it on an otherwise idle machine: it
warns when other processes keep the CPUs busy, since every ratio then measures them too.
EOF
}

# ---------------------------------------------------------------------------------------------
# Options
rounds=5
quick=0
pi_size=""
raw=""
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    --pi-size) pi_size=${2:?--pi-size needs a value}; shift ;;
    --raw) raw=${2:?--raw needs a file name}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-basics: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  # Fewer than 5 rounds makes the median a coin toss under +-20 % drift.
  echo "bench-basics: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi

if ((quick)); then
  pi_size=${pi_size:-200M}
  pi_reps=3
  triad_reps=10    # a triad sweep is ~10-15 ms; likwid runs the same number of sweeps
else
  pi_size=${pi_size:-1G}
  pi_reps=3        # a 1-core rep is ~0.6 s at 1G samples: 3 give a stable median
  triad_reps=20
fi
triad_warmup=2     # first-touch and TLB warm-up must not count against ours (likwid pre-touches)

# ---------------------------------------------------------------------------------------------
# Locations and prerequisites (this script never builds: a benchmark must not race a build)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"
bin=$root/build/bin
pi_bin=$bin/scalelab-pi
triad_bin=$bin/scalelab-triad
ref_bin=$bin/scalelab-pi-simd-reference
py=/usr/bin/python3   # Debian's Python: `python3` on PATH may be another one

missing=0
for b in "$pi_bin" "$triad_bin" "$ref_bin"; do
  [[ -x $b ]] || { echo "bench-basics: missing $b" >&2; missing=1; }
done
if ((missing)); then
  echo "bench-basics: build first:  cmake --preset release && cmake --build build" >&2
  exit 2
fi
for tool in mpirun likwid-bench "$py"; do
  command -v "$tool" >/dev/null || {
    echo "bench-basics: '$tool' not found; run scripts/install-deps.sh" >&2
    exit 2
  }
done

# Open MPI refuses root and probes network transports by default; a 2-core box needs neither.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_pml=ob1 OMPI_MCA_btl=self,vader
# Pin OpenMP threads one per core, as likwid-bench pins its threads and mpirun binds its ranks:
# otherwise ours would pay for migrations the references never see.
export OMP_PROC_BIND=close OMP_PLACES=cores
unset OMP_NUM_THREADS  # --threads is always passed explicitly

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-basics.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv   # round  group  role(ref|ours)  name  value
: >"$results"
run_timeout=600              # a hung mpirun must not hang the benchmark

fail() {
  echo "bench-basics: FAILED: $*" >&2
  exit 1
}

# Show why a run failed: its own output is the evidence.
fail_with_log() {
  local log=$1
  shift
  echo "---- output of the failed run ----" >&2
  tail -n 40 "$log" >&2 || true
  fail "$*"
}

# ---------------------------------------------------------------------------------------------
# One scalelab run. Validates the record (exit code, verified, status, ranks x threads actually
# used) and prints the requested number from it.
#   scalelab_run APP MODEL RANKS THREADS METRIC [extra app args...]
# METRIC: samples_per_s | GB_per_s_mean | size
scalelab_run() {
  local app=$1 model=$2 ranks=$3 threads=$4 metric=$5
  shift 5
  local rec=$work/record.jsonl log=$work/run.log
  rm -f "$rec"
  local -a launch=()
  if [[ $model == mpi || $model == hybrid ]]; then
    # PE=threads gives every rank its own cores. mpirun's default binding for <= 2 ranks is one
    # core per rank, which would put a 1-rank x 2-thread hybrid run on a single core.
    launch=(mpirun -n "$ranks" --map-by "slot:PE=$threads" --bind-to core)
  fi
  if ! timeout "$run_timeout" "${launch[@]}" "$app" --model "$model" --threads "$threads" \
    --output "$rec" --quiet "$@" >"$log" 2>&1; then
    fail_with_log "$log" "$(basename "$app") --model $model ($ranks x $threads) exited non-zero"
  fi
  "$py" - "$rec" "$metric" "$ranks" "$threads" <<'PY' || fail_with_log "$log" "bad record from $(basename "$app") --model $model ($ranks x $threads)"
import json, sys
path, metric, ranks, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
try:
    lines = [l for l in open(path) if l.strip()]
except OSError as e:
    sys.exit(f"no record written: {e}")
if len(lines) != 1:
    sys.exit(f"expected one record, found {len(lines)}")
r = json.loads(lines[0])
if r.get("verified") is not True or r.get("status") != "ok":
    sys.exit(f"NOT VERIFIED: status={r.get('status')} check={json.dumps(r.get('check'))}")
if (r.get("ranks"), r.get("threads")) != (ranks, threads):
    sys.exit(f"ran as {r.get('ranks')} x {r.get('threads')}, asked for {ranks} x {threads}")
if metric == "samples_per_s":
    print(repr(float(r["fom"]["samples_per_s"])))
elif metric == "GB_per_s_mean":
    # likwid-bench reports bytes over the total time of all its sweeps, i.e. over the MEAN sweep;
    # the record's fom uses the median. Same statistic on both sides, so use the mean here.
    print(repr(r["work"]["bytes_per_rep"] / r["time"]["mean"] / 1e9))
elif metric == "size":
    print(int(r["size"]))
else:
    sys.exit(f"unknown metric {metric}")
PY
}

# Append one measurement to the results table.
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }

# The SIMD reference at the same sample count and thread count as ours.
pi_reference() {
  local threads=$1 log=$work/ref.log
  timeout "$run_timeout" "$ref_bin" "$pi_samples" "$threads" >"$log" 2>&1 ||
    fail_with_log "$log" "scalelab-pi-simd-reference exited non-zero"
  local rate
  rate=$(sed -n "s/^samples=$pi_samples threads=$threads .*samples_per_s=\([0-9.e+-]*\).*/\1/p" "$log")
  [[ -n $rate ]] || fail_with_log "$log" "cannot parse scalelab-pi-simd-reference output"
  echo "$rate"
}

# likwid-bench's triad KERNEL over exactly our three arrays: N doubles each, THREADS threads on
# socket 0.
likwid_triad() {
  local kernel=$1 threads=$2 log=$work/likwid.log
  local bytes=$((3 * 8 * triad_elements))
  timeout "$run_timeout" likwid-bench -t "$kernel" -i "$triad_reps" \
    -w "S0:${bytes}B:$threads" >"$log" 2>&1 || fail_with_log "$log" "likwid-bench failed"
  # Refuse a silently different working set (likwid rounds sizes given in kB/MB).
  local size mbs
  size=$(awk -F'\t+' '/^Size \(Byte\):/ {print $2}' "$log")
  mbs=$(awk -F'\t+' '/^MByte\/s:/ {print $2}' "$log")
  [[ $size == "$bytes" ]] || fail_with_log "$log" "likwid-bench used $size bytes, wanted $bytes"
  [[ -n $mbs ]] || fail_with_log "$log" "cannot parse likwid-bench MByte/s"
  # likwid's MByte/s is 1e6 bytes/s over the same 3 x 8 B per element that scalelab counts.
  awk -v m="$mbs" 'BEGIN {printf "%.6f\n", m / 1000}'
}

# CPU accounting to tell, afterwards, how much of the machine OTHER processes used while we
# measured: busy ticks of all CPUs (from /proc/stat) minus the CPU time of our own finished
# children (cutime + cstime of this shell, which include their descendants: apps, mpirun, likwid).
# Prints "busy_ticks steal_ticks total_ticks our_ticks".
cpu_snapshot() {
  local -a c
  read -r -a c </proc/stat  # cpu user nice system idle iowait irq softirq steal ...
  local self
  self=$(</proc/$$/stat)
  local -a s
  read -r -a s <<<"${self##*) }"  # fields after "(comm) ": s[0] is field 3 (state)
  echo "$((c[1] + c[2] + c[3] + c[6] + c[7])) ${c[8]} $((c[1] + c[2] + c[3] + c[4] + c[5] + c[6] + c[7] + c[8])) $((s[13] + s[14]))"
}

# ---------------------------------------------------------------------------------------------
# Header
busy=$(cpu_busy_percent)
pi_samples=$(  # the reference takes a plain integer; scalelab parses the same k/M/G suffixes
  "$py" -c '
import re, sys
m = re.fullmatch(r"(\d+)([kMG]?)", sys.argv[1])
if not m: sys.exit("--pi-size: use an integer with an optional k, M or G suffix")
print(int(m[1]) * {"": 1, "k": 10**3, "M": 10**6, "G": 10**9}[m[2]])' "$pi_size"
) || exit 2

# The widest likwid kernel of each kind that runs here; what was skipped goes to kernel_notes.
kernel_notes=$work/kernel-notes
likwid_plain=$(likwid_first_kernel "$work/probe.log" stream_avx512_fma stream_avx_fma stream_avx \
  stream_sse stream 2>>"$kernel_notes") ||
  fail_with_log "$work/probe.log" "no likwid-bench stream kernel with plain stores runs here"
likwid_mem=$(likwid_first_kernel "$work/probe.log" stream_mem_avx512 stream_mem_avx \
  stream_mem_sse stream_mem 2>>"$kernel_notes") ||
  fail_with_log "$work/probe.log" "no likwid-bench stream kernel with non-temporal stores runs here"

# scalelab-triad's default size (4x the last-level cache) is what the workload is meant to run
# at; learn it from a record instead of hard-coding this machine's cache.
triad_elements=$(scalelab_run "$triad_bin" openmp 1 1 size --reps 1 --warmup 0)
probe_info=$("$py" -c '
import json, sys
p = json.loads(open(sys.argv[1]).readline())["provenance"]
print(p["compiler"], p["compile_flags"], "| git", p["git_sha"])' "$work/record.jsonl")

sha=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || sha+="-dirty"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)

echo "== ScaleLab bench-basics =="
echo "host      $(hostname)  ($cpu, $(nproc) CPUs)"
echo "date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "git       $sha"
echo "build     $probe_info  (binaries from $(date -u -r "$pi_bin" '+%Y-%m-%d %H:%M UTC'))"
echo "method    $rounds rounds, reference before and after ours in every round; medians of per-round values"
echo "pi        $pi_samples samples per run, $pi_reps reps + 1 warm-up (scalelab); reference:" \
  "one pass, $("$ref_bin" 16 1 | sed -n 's/.*\(kernel=[^=]*\) pi=.*/\1/p')"
echo "triad     $triad_elements elements per array ($((3 * 8 * triad_elements)) B working set)," \
  "$triad_reps reps + $triad_warmup warm-up; likwid-bench -i $triad_reps -t $likwid_plain" \
  "(plain stores) and -t $likwid_mem (non-temporal stores)"
[[ ! -s $kernel_notes ]] || echo "likwid    skipped: $(paste -sd';' "$kernel_notes")"
echo "binding   OMP_PROC_BIND=close OMP_PLACES=cores; mpirun --map-by slot:PE=<threads> --bind-to core"
echo "load      CPUs ${busy}% busy before start"
if ((busy > 10)); then
  echo "WARNING   other processes are using the CPUs: every ratio below measures them too" \
    "(2-core ones most). Re-run on an idle machine before trusting a MISS."
fi
echo

# ---------------------------------------------------------------------------------------------
# Measurement rounds
pi_run() {  # round group name model ranks threads
  local v
  v=$(scalelab_run "$pi_bin" "$4" "$5" "$6" samples_per_s --size "$pi_samples" \
    --reps "$pi_reps" --warmup 1)
  record "$1" "$2" ours "$3" "$v"
}
pi_ref() {  # round group threads
  local v
  v=$(pi_reference "$3")  # assigned first: a failure inside "$(...)" as an argument would not stop us
  record "$1" "$2" ref reference "$v"
}
triad_run() {  # round group name model threads stores
  local v
  v=$(scalelab_run "$triad_bin" "$4" 1 "$5" GB_per_s_mean --reps "$triad_reps" \
    --warmup "$triad_warmup" --stores "$6")
  record "$1" "$2" ours "$3" "$v"
}
triad_ref() {  # round group kernel threads
  local v
  v=$(likwid_triad "$3" "$4")
  record "$1" "$2" ref likwid "$v"
}
# Runs "round name model ranks threads" entries with pi_run, in an order rotated by the round.
pi_rotated() {
  local round=$1
  shift
  local -a runs=("$@")
  local k=$(((round - 1) % ${#runs[@]})) run
  runs=("${runs[@]:k}" "${runs[@]:0:k}")
  for run in "${runs[@]}"; do
    # shellcheck disable=SC2086  # "group name model ranks threads" split on purpose
    pi_run "$round" $run
  done
}

start=$SECONDS
snap_before=$(cpu_snapshot)
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds ..." >&2
  swap=$((r % 2 == 0))  # pairs compared with each other change order every round

  # pi: the reference at the same thread count brackets each core count's runs; the two
  # core counts swap order every round.
  for cores in $( ((swap)) && echo 2 1 || echo 1 2); do
    pi_ref "$r" "p$cores" "$cores"
    if ((cores == 1)); then
      pi_rotated "$r" "p1 serial serial 1 1" "p1 openmp@1 openmp 1 1" "p1 mpi@1 mpi 1 1" \
        "p1 hybrid@1 hybrid 1 1" "p1 eigen eigen 1 1"
    else
      pi_rotated "$r" "p2 openmp@2 openmp 1 2" "p2 mpi@2 mpi 2 1" "p2 hybrid@1x2 hybrid 1 2" \
        "p2 hybrid@2x1 hybrid 2 1"
    fi
    pi_ref "$r" "p$cores" "$cores"
  done

  # triad: likwid's kernel with the same kind of store, at the same thread count, brackets
  # ours; plain and streaming swap order every round.
  for threads in 1 2; do
    for stores in $( ((swap)) && echo streaming plain || echo plain streaming); do
      kernel=$likwid_plain
      [[ $stores == streaming ]] && kernel=$likwid_mem
      group=t$threads-$stores
      triad_ref "$r" "$group" "$kernel" "$threads"
      if ((threads == 1)); then
        if ((swap)); then
          triad_run "$r" "$group" eigen eigen 1 "$stores"
          triad_run "$r" "$group" openmp openmp 1 "$stores"
        else
          triad_run "$r" "$group" openmp openmp 1 "$stores"
          triad_run "$r" "$group" eigen eigen 1 "$stores"
        fi
      else
        triad_run "$r" "$group" openmp openmp 2 "$stores"
      fi
      triad_ref "$r" "$group" "$kernel" "$threads"
    done
  done
done
echo "measured in $((SECONDS - start)) s" >&2
snap_after=$(cpu_snapshot)
if [[ -n $raw ]]; then
  { printf 'round\tgroup\trole\tname\tvalue\n'; cat "$results"; } >"$raw"
fi

# ---------------------------------------------------------------------------------------------
# Report: per-round ratios first, medians last.
"$py" - "$results" "$busy" "$snap_before" "$snap_after" <<'PY'
import statistics, sys
from collections import defaultdict

path, busy_before = sys.argv[1], int(sys.argv[2])
(b0, st0, t0, o0), (b1, st1, t1, o1) = (map(int, a.split()) for a in sys.argv[3:5])
total = max(t1 - t0, 1)
others = max(0.0, 100 * ((b1 - b0) - (o1 - o0)) / total)  # % of all CPUs, not ours
steal = 100 * (st1 - st0) / total                           # taken by the hypervisor
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
seq = defaultdict(list)  # (round, group) -> [(role, name, value)] in run order
for rnd, group, role, name, value in rows:
    seq[(int(rnd), group)].append((role, name, float(value)))
rounds = sorted({r for r, _ in seq})

def med(xs):
    return statistics.median(xs) if xs else float("nan")

def spread(xs):
    return f"{min(xs):.3f}-{max(xs):.3f}" if xs else ""

rate = defaultdict(list)      # name -> per-round value
vs_ref = defaultdict(list)    # name -> per-round value / mean of the bracketing reference runs
for (rnd, group), runs in sorted(seq.items()):
    for i, (role, name, v) in enumerate(runs):
        rate[(group, name)].append(v)
        if role != "ours":
            continue
        before = [x for ro, _, x in runs[:i] if ro == "ref"][-1:]
        after = [x for ro, _, x in runs[i + 1:] if ro == "ref"][:1]
        vs_ref[(group, name)].append(v / statistics.mean(before + after))

def per_round(a, b):
    """(group, name) a over (group, name) b within each round: they ran in the same round."""
    out = []
    for rnd in rounds:
        va = [x for _, n, x in seq.get((rnd, a[0]), []) if n == a[1]]
        vb = [x for _, n, x in seq.get((rnd, b[0]), []) if n == b[1]]
        if va and vb:
            out.append(va[0] / vb[0])
    return out

def ratio_text(xs):
    return f"{med(xs):8.3f} {spread(xs):>13}" if xs else f"{'':>8} {'':>13}"

scaling = {n: per_round(("p2", n), ("p1", one)) for n, one in
           [("openmp@2", "openmp@1"), ("mpi@2", "mpi@1"),
            ("hybrid@1x2", "hybrid@1"), ("hybrid@2x1", "hybrid@1")]}

print(f"pi: samples/s (median of {len(rounds)} rounds); 'vs ref' = ours / xoshiro256+ in AVX-512 "
      "lanes at the same thread count, in the same round")
print(f"  {'model':<9} {'cores':>5}  {'layout':<18} {'M samples/s':>12} {'vs ref':>8} "
      f"{'(range)':>13} {'2c/1c':>8} {'(range)':>13}")
layout = [("p1", "reference", "reference", 1, "1 thread"), ("p1", "serial", "serial", 1, "1 process"),
          ("p1", "openmp@1", "openmp", 1, "1 thread"), ("p1", "mpi@1", "mpi", 1, "1 rank"),
          ("p1", "hybrid@1", "hybrid", 1, "1 rank x 1 thread"), ("p1", "eigen", "eigen", 1, "1 process"),
          ("p2", "reference", "reference", 2, "2 threads"), ("p2", "openmp@2", "openmp", 2, "2 threads"),
          ("p2", "mpi@2", "mpi", 2, "2 ranks"), ("p2", "hybrid@1x2", "hybrid", 2, "1 rank x 2 threads"),
          ("p2", "hybrid@2x1", "hybrid", 2, "2 ranks x 1 thread")]
for group, name, model, cores, lay in layout:
    v = med(rate[(group, name)]) / 1e6
    r = vs_ref.get((group, name), [])
    s = scaling.get(name, [])
    print(f"  {model:<9} {cores:>5}  {lay:<18} {v:12.1f} {ratio_text(r)} "
          f"{ratio_text(s) if s else ''}".rstrip())
print("  (serial and eigen run one thread on one rank by design: the apps refuse --threads 2 and"
      " 2 ranks,\n   so they have no 2-core entry)")
print()

print(f"triad: GB/s (bytes of 3 arrays / mean sweep time, median of {len(rounds)} rounds) "
      "vs likwid-bench with the same kind of store at the same thread count")
print(f"  {'model':<9} {'threads':>7} {'stores':<10} {'ours GB/s':>10} {'likwid GB/s':>12} "
      f"{'ours/likwid':>12} {'(range)':>13}")
triad_rows = [(t, st, m) for t in (1, 2) for st in ("plain", "streaming")
              for m in (("openmp", "eigen") if t == 1 else ("openmp",))]
for threads, stores, model in triad_rows:
    group = f"t{threads}-{stores}"
    r = vs_ref[(group, model)]
    print(f"  {model:<9} {threads:>7} {stores:<10} {med(rate[(group, model)]):10.2f} "
          f"{med(rate[(group, 'likwid')]):12.2f} {med(r):12.3f} {spread(r):>13}")
print("  what write-allocate costs: streaming / plain stores, same model and threads, same round")
for threads, model in ((1, "openmp"), (1, "eigen"), (2, "openmp")):
    r = per_round((f"t{threads}-streaming", model), (f"t{threads}-plain", model))
    print(f"  {model:<9} {threads:>7} {'':<10} {med(r):10.3f} {spread(r):>13}")
print()

targets = [
    ("pi openmp  2 cores / 1 core", med(scaling["openmp@2"]), 1.85),
    ("pi mpi     2 cores / 1 core", med(scaling["mpi@2"]), 1.85),
    ("pi hybrid  1x2 / 1x1", med(scaling["hybrid@1x2"]), 1.85),
    ("pi hybrid  2x1 / 1x1", med(scaling["hybrid@2x1"]), 1.85),
]
for group, name, model, cores, lay in layout:
    if name != "reference":
        targets.append((f"pi {model:<7} {lay} / SIMD ref", med(vs_ref[(group, name)]), 0.90))
for threads, stores, model in triad_rows:
    targets.append((f"triad {model:<6} {threads}t {stores:<9} / likwid",
                    med(vs_ref[(f"t{threads}-{stores}", model)]), 0.95))
print("targets (median of per-round ratios)")
for what, got, want in targets:
    print(f"  {what:<44} {got:6.3f}  >= {want:.2f}  {'PASS' if got >= want else 'MISS'}")
misses = sum(got < want for _, got, want in targets)
print(f"  {len(targets) - misses}/{len(targets)} met")
print(f"load: CPUs {busy_before}% busy before start; during the runs other processes used "
      f"{others:.0f}% of the CPUs, the hypervisor stole {steal:.0f}%")
if busy_before > 10 or others > 5 or steal > 5:
    print("WARNING: we did not have the machine to ourselves; the 2-core ratios suffer most."
          " Re-check any MISS on an idle machine")
PY
