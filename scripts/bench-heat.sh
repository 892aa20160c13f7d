#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-heat: scalelab-heat beside a plain OpenMP Jacobi loop (scalelab-heat-reference, same
# build and flags), as ratios of cell updates per second.
#
#   openmp at 1 and 2 threads   vs the reference loop at the same thread count (target >= 0.9)
#   mpi 2 ranks, hybrid 2x1, 1x2  vs openmp at 2 threads                       (target >= 0.9)
#   serial and eigen            vs the reference at 1 thread                  (reported)
#   (all of these with plain stores, as the reference loop writes)
#   streaming stores            openmp at 1 and 2 threads, effective GB/s (16 B per update) vs
#                               likwid-bench's stream_mem triad (non-temporal stores) at the
#                               same thread count                               (target >= 0.9)
#   temporal blocking           --time-block K against the same layout without it, at 2 cores:
#                               openmp 2 threads, mpi 2 ranks, hybrid 1x2      (target >= 2)
#
# Method (docs/benchmarks.md): this machine's speed drifts about +-20 % over minutes, so
# every round runs the reference right before and right after ours (A B A B ...), each of our
# runs is divided by the mean of the reference runs bracketing it, and the report is the
# MEDIAN of those per-round ratios over >= 5 rounds. The 2-core layouts are compared with the
# openmp@2 run of the same round; their order flips every round. Nothing is compared with a
# number saved earlier. Both sides report the median rep (STEPS steps) after one warm-up rep.
#
# Exit status: 0 when every run finished and verified (targets are reported, not enforced),
# 1 when a run failed or was not verified, 2 on usage errors or missing binaries. Builds nothing.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-heat.sh [--quick] [--rounds N] [--size NXxNY] [--steps S]
                             [--time-block K] [--raw FILE]

  --quick        fewer steps and reps (~1.5 minutes; still >= 5 rounds)
  --rounds N     alternating rounds (default 5; fewer than 5 is refused)
  --size NXxNY   grid (default: scalelab-heat's, two fields >= 4x the last-level cache)
  --steps S      time steps per rep (default 32, quick 16: multiples of the default
                 --time-block, so every pass of the blocked runs is a whole one)
  --time-block K steps per pass of the temporally blocked runs (default 8)
  --raw FILE     also save every single run as TSV (round, group, role, name, cell updates/s)
  -h, --help     this text

Run it on an otherwise idle machine: it warns when other processes keep the CPUs busy.
EOF
}

rounds=5
quick=0
size=""
steps=""
time_block=8
raw=""
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    --size) size=${2:?--size needs a value}; shift ;;
    --steps) steps=${2:?--steps needs a value}; shift ;;
    --time-block) time_block=${2:?--time-block needs a value}; shift ;;
    --raw) raw=${2:?--raw needs a file name}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-heat: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  echo "bench-heat: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi
if ((quick)); then
  steps=${steps:-16}
  reps=3
else
  steps=${steps:-32}
  reps=5
fi
if ! [[ $steps =~ ^[1-9][0-9]*$ ]]; then
  echo "bench-heat: --steps must be a positive integer (got '$steps')" >&2
  exit 2
fi
if ! [[ $time_block =~ ^[1-9][0-9]*$ ]] || ((time_block < 2)); then
  echo "bench-heat: --time-block must be an integer >= 2 (got '$time_block')" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"
heat=$root/build/bin/scalelab-heat
reference=$root/build/bin/scalelab-heat-reference
py=/usr/bin/python3
for b in "$heat" "$reference"; do
  [[ -x $b ]] || {
    echo "bench-heat: missing $b; build first: cmake --preset release && cmake --build build" >&2
    exit 2
  }
done
for tool in mpirun likwid-bench; do
  command -v "$tool" >/dev/null || { echo "bench-heat: $tool not found; run scripts/install-deps.sh" >&2; exit 2; }
done

# shellcheck source=scripts/mpi-env.sh
source "$root/scripts/mpi-env.sh"
# Threads pinned one per core, ranks bound to cores: neither side pays for migrations.
export OMP_PROC_BIND=close OMP_PLACES=cores
unset OMP_NUM_THREADS

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-heat.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv  # round group role name cell_updates_per_s
: >"$results"
run_timeout=900

fail() {
  echo "bench-heat: FAILED: $*" >&2
  exit 1
}
fail_with_log() {
  local log=$1
  shift
  echo "---- output of the failed run ----" >&2
  tail -n 40 "$log" >&2 || true
  fail "$*"
}
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }

# One scalelab-heat run; checks the record (verified, layout) and prints the requested value.
#   heat_run MODEL RANKS THREADS WHAT [heat options...]
#   (WHAT: rate | probe: "NX NY" and a description line)
heat_run() {
  local model=$1 ranks=$2 threads=$3 what=$4 rec=$work/record.jsonl log=$work/run.log
  shift 4
  rm -f "$rec"
  local -a launch=() grid=()
  if [[ $model == mpi || $model == hybrid ]]; then
    launch=(mpirun -n "$ranks" --map-by "slot:PE=$threads" --bind-to core)
  fi
  [[ -z $size ]] || grid=(--size "$size")
  timeout "$run_timeout" "${launch[@]}" "$heat" --model "$model" --threads "$threads" \
    "${grid[@]}" --steps "$steps" --reps "$reps" --warmup 1 --output "$rec" --quiet "$@" \
    >"$log" 2>&1 || fail_with_log "$log" "scalelab-heat --model $model ($ranks x $threads) exited non-zero"
  "$py" - "$rec" "$what" "$ranks" "$threads" <<'PY' || fail_with_log "$log" "bad record from --model $model"
import json, sys
path, what, ranks, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = json.loads(open(path).readline())
if r.get("verified") is not True or r.get("status") != "ok":
    sys.exit(f"NOT VERIFIED: {json.dumps(r.get('check'))}")
if (r["ranks"], r["threads"]) != (ranks, threads):
    sys.exit(f"ran as {r['ranks']} x {r['threads']}, asked for {ranks} x {threads}")
p = r["params"]
if what == "rate":
    print(repr(float(r["fom"]["cell_updates_per_s"])))
else:
    prov = r["provenance"]
    print(p["nx"], p["ny"])
    print(f"{p['nx']}x{p['ny']} cells, {p['steps']} steps/rep, alpha {p['alpha']}, "
          f"{p['boundary']} boundary | {prov['compiler']} {prov['compile_flags']} | "
          f"git {prov['git_sha']}")
PY
}

# likwid-bench's non-temporal triad over three arrays of the grid's cell count, THREADS
# threads: the bandwidth a streaming kernel can reach (GB/s).
likwid_mem_run() {
  local threads=$1 log=$work/likwid.log
  timeout "$run_timeout" likwid-bench -t "$likwid_mem" -i "$reps" \
    -w "S0:$((3 * 8 * nx * ny))B:$threads" >"$log" 2>&1 || fail_with_log "$log" "likwid-bench failed"
  local mbs
  mbs=$(awk -F'\t+' '/^MByte\/s:/ {print $2}' "$log")
  [[ -n $mbs ]] || fail_with_log "$log" "cannot parse likwid-bench MByte/s"
  awk -v m="$mbs" 'BEGIN {printf "%.6f\n", m / 1000}'
}

reference_run() {  # THREADS -> cell updates/s of the plain loop on the same grid
  local threads=$1 log=$work/ref.log
  OMP_NUM_THREADS=$threads timeout "$run_timeout" "$reference" "$nx" "$ny" "$steps" "$reps" \
    >"$log" 2>&1 || fail_with_log "$log" "scalelab-heat-reference failed"
  local rate
  rate=$(sed -n "s/^nx=$nx ny=$ny .* threads=$threads .*cell_updates_per_s=\([0-9.e+-]*\).*/\1/p" "$log")
  [[ -n $rate ]] || fail_with_log "$log" "cannot parse scalelab-heat-reference output"
  echo "$rate"
}

busy=$(cpu_busy_percent)
likwid_mem=$(likwid_first_kernel "$work/probe.log" stream_mem_avx512 stream_mem_avx stream_mem_sse \
  stream_mem 2>/dev/null) || fail_with_log "$work/probe.log" "no likwid-bench stream_mem kernel runs here"
probe=$(heat_run openmp 1 1 probe)
read -r nx ny <<<"$(head -n 1 <<<"$probe")"
setup_line=$(tail -n 1 <<<"$probe")
echo "== ScaleLab bench-heat =="
echo "host      $(hostname)  ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs)"
echo "date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "run       $setup_line"
echo "method    $rounds rounds; $reps reps + 1 warm-up per run, median rep; reference before and after ours"
echo "likwid    -t $likwid_mem (non-temporal stores), $((3 * 8 * nx * ny)) B, $reps sweeps"
echo "blocking  --time-block $time_block"
echo "binding   OMP_PROC_BIND=close OMP_PLACES=cores; mpirun --map-by slot:PE=<threads> --bind-to core"
echo "load      CPUs ${busy}% busy before start"
((busy <= 10)) || echo "WARNING   other processes are using the CPUs: every ratio below measures them too"
echo

ours() {  # ROUND GROUP NAME MODEL RANKS THREADS [heat options...]; plain stores unless given
  local round=$1 group=$2 name=$3 model=$4 ranks=$5 threads=$6 v
  shift 6
  (($#)) || set -- --stores plain
  v=$(heat_run "$model" "$ranks" "$threads" rate "$@")
  record "$round" "$group" ours "$name" "$v"
}
likwid_ref() {  # ROUND GROUP THREADS
  local v
  v=$(likwid_mem_run "$3")
  record "$1" "$2" ref likwid "$v"
}
ref() {  # ROUND GROUP THREADS
  local v
  v=$(reference_run "$3")
  record "$1" "$2" ref reference "$v"
}

start=$SECONDS
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds ..." >&2
  swap=$((r % 2 == 0))
  ref "$r" t1 1
  ours "$r" t1 openmp@1 openmp 1 1
  ref "$r" t1 1
  if ((swap)); then
    ours "$r" t1 eigen eigen 1 1; ref "$r" t1 1; ours "$r" t1 serial serial 1 1
  else
    ours "$r" t1 serial serial 1 1; ref "$r" t1 1; ours "$r" t1 eigen eigen 1 1
  fi
  ref "$r" t1 1
  ref "$r" t2 2
  ours "$r" t2 openmp@2 openmp 1 2
  ref "$r" t2 2
  # The 2-core layouts against the openmp@2 run just before, in alternating order.
  if ((swap)); then
    ours "$r" t2 hybrid@1x2 hybrid 1 2; ours "$r" t2 hybrid@2x1 hybrid 2 1; ours "$r" t2 mpi@2 mpi 2 1
  else
    ours "$r" t2 mpi@2 mpi 2 1; ours "$r" t2 hybrid@2x1 hybrid 2 1; ours "$r" t2 hybrid@1x2 hybrid 1 2
  fi
  # Streaming stores beside likwid's non-temporal triad at the same thread count.
  for threads in 1 2; do
    likwid_ref "$r" "nt$threads" "$threads"
    ours "$r" "nt$threads" "openmp@$threads" openmp 1 "$threads" --stores streaming
    likwid_ref "$r" "nt$threads" "$threads"
  done
  # Temporal blocking against the same layout without it (both with the default stores),
  # back to back, the order flipped every round.
  for layout in "openmp@2 openmp 1 2" "mpi@2 mpi 2 1" "hybrid@1x2 hybrid 1 2"; do
    read -r name model ranks threads <<<"$layout"
    if ((swap)); then
      ours "$r" tb "$name+tb" "$model" "$ranks" "$threads" --time-block "$time_block"
      ours "$r" tb "$name" "$model" "$ranks" "$threads" --stores auto
    else
      ours "$r" tb "$name" "$model" "$ranks" "$threads" --stores auto
      ours "$r" tb "$name+tb" "$model" "$ranks" "$threads" --time-block "$time_block"
    fi
  done
done
echo "measured in $((SECONDS - start)) s" >&2
if [[ -n $raw ]]; then
  { printf 'round\tgroup\trole\tname\tcell_updates_per_s\n'; cat "$results"; } >"$raw"
fi

"$py" - "$results" "$nx" "$ny" "$time_block" <<'PY'
import statistics, sys
from collections import defaultdict

path, nx, ny, time_block = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
seq = defaultdict(list)  # (round, group) -> [(role, name, value)] in run order
for line in open(path):
    rnd, group, role, name, value = line.rstrip("\n").split("\t")
    seq[(int(rnd), group)].append((role, name, float(value)))
rounds = sorted({r for r, _ in seq})
med = lambda xs: statistics.median(xs) if xs else float("nan")
span = lambda xs: f"{min(xs):.3f}-{max(xs):.3f}" if xs else ""

rate, vs_ref, vs_omp2 = defaultdict(list), defaultdict(list), defaultdict(list)
streaming, blocking = defaultdict(list), defaultdict(list)
for (rnd, group), runs in sorted(seq.items()):
    if group.startswith("nt"):
        ref = statistics.mean(v for ro, _, v in runs if ro == "ref")
        for ro, name, v in runs:
            if ro == "ours":
                streaming[name].append((v * 16 / 1e9, ref))
        continue
    if group == "tb":
        by_name = {name: v for _, name, v in runs}
        for name, v in by_name.items():
            if name.endswith("+tb") and name[:-3] in by_name:
                blocking[name[:-3]].append((v, by_name[name[:-3]]))
        continue
    omp2 = [v for ro, n, v in runs if n == "openmp@2"]
    for i, (role, name, v) in enumerate(runs):
        rate[name if role == "ours" else f"reference@{group[1]}"].append(v)
        if role != "ours":
            continue
        before = [x for ro, _, x in runs[:i] if ro == "ref"][-1:]
        after = [x for ro, _, x in runs[i + 1:] if ro == "ref"][:1]
        if before or after:
            vs_ref[name].append(v / statistics.mean(before + after))
        if group == "t2" and name != "openmp@2" and omp2:
            vs_omp2[name].append(v / omp2[0])

gb = lambda updates: updates * 16 / 1e9  # bytes a cell update must move: read old, write new
print(f"heat {nx}x{ny}: cell updates/s (median of {len(rounds)} rounds) and effective GB/s "
      "(16 B per update)")
print(f"  {'run':<13} {'layout':<19} {'M updates/s':>12} {'GB/s':>7} {'ratio':>7} {'(range)':>13}  vs")
rows = [("reference@1", "1 thread", None), ("openmp@1", "1 thread", "reference@1"),
        ("serial", "1 process", "reference@1"), ("eigen", "1 process", "reference@1"),
        ("reference@2", "2 threads", None), ("openmp@2", "2 threads", "reference@2"),
        ("mpi@2", "2 ranks", "openmp@2"), ("hybrid@2x1", "2 ranks x 1 thread", "openmp@2"),
        ("hybrid@1x2", "1 rank x 2 threads", "openmp@2")]
for name, layout, against in rows:
    v = med(rate[name])
    ratios = vs_ref.get(name, []) if against and against.startswith("reference") else vs_omp2.get(name, [])
    tail = f"{med(ratios):7.3f} {span(ratios):>13}  {against}" if against else ""
    print(f"  {name:<13} {layout:<19} {v / 1e6:12.1f} {gb(v):7.2f} {tail}")
print()

print("streaming stores: effective GB/s (16 B per update) vs likwid-bench's non-temporal triad "
      "at the same thread count")
print(f"  {'run':<13} {'ours GB/s':>10} {'likwid GB/s':>12} {'ratio':>7} {'(range)':>13}")
for name in ("openmp@1", "openmp@2"):
    pairs = streaming[name]
    r = [ours / ref for ours, ref in pairs]
    print(f"  {name:<13} {med([o for o, _ in pairs]):10.2f} {med([f for _, f in pairs]):12.2f} "
          f"{med(r):7.3f} {span(r):>13}")
print()
print(f"temporal blocking: --time-block {time_block} vs the same layout without it "
      "(default stores), back to back")
print(f"  {'run':<13} {'M updates/s':>12} {'blocked':>9} {'ratio':>7} {'(range)':>13}")
for name in ("openmp@2", "mpi@2", "hybrid@1x2"):
    pairs = blocking[name]
    r = [tb / plain for tb, plain in pairs]
    print(f"  {name:<13} {med([p for _, p in pairs]) / 1e6:12.1f} "
          f"{med([t for t, _ in pairs]) / 1e6:9.1f} {med(r):7.3f} {span(r):>13}")
print()
targets = [("openmp 1 thread / reference loop", med(vs_ref["openmp@1"]), 0.9),
           ("openmp 2 threads / reference loop", med(vs_ref["openmp@2"]), 0.9),
           ("mpi 2 ranks / openmp 2 threads", med(vs_omp2["mpi@2"]), 0.9),
           ("hybrid 2x1 / openmp 2 threads", med(vs_omp2["hybrid@2x1"]), 0.9),
           ("hybrid 1x2 / openmp 2 threads", med(vs_omp2["hybrid@1x2"]), 0.9)]
for name in ("openmp@1", "openmp@2"):
    targets.append((f"streaming {name} / likwid stream_mem",
                    med([o / f for o, f in streaming[name]]), 0.9))
for name in ("openmp@2", "mpi@2", "hybrid@1x2"):
    targets.append((f"--time-block {time_block} / plain, {name}",
                    med([t / p for t, p in blocking[name]]), 2.0))
print("targets (median of per-round ratios)")
for what, got, want in targets:
    print(f"  {what:<40} {got:6.3f}  >= {want:.2f}  {'PASS' if got >= want else 'MISS'}")
misses = sum(got < want for _, got, want in targets)
print(f"  {len(targets) - misses}/{len(targets)} met")
PY
