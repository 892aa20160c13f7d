#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-groupby: how fast is scalelab-groupby against the tools people use for the same job?
# In one run, as ratios (reference time / ours), on one generated dispatch CSV:
#
#   GNU datamash   -t, --header-in -g 1 count 3 mean 3 sstdev 3 min 3 max 3
#                  (bench/groupby_datamash.sh), against ours serial             target >= 10x
#   pandas         read_csv + groupby().agg (bench/groupby_pandas.py), serial    target >= 3x
#   csv + dict     the classic pandas-free Python (bench/groupby_csv_dict.py)   reported
#   Pool.map       multiprocessing, 2 processes (bench/groupby_pool.py), against ours with
#                  2 OpenMP threads (the same 2 cores)                           target >= 50x
#   DuckDB         read_csv + GROUP BY (bench/node/groupby_duckdb.mjs), SET threads=1
#                  against ours serial, threads=2 against ours openmp 2          reported
#   Polars         lazy scanCSV + groupBy().agg (bench/node/groupby_polars.mjs),
#                  POLARS_MAX_THREADS=1 / 2 as DuckDB                            reported
# plus, for the I/O-bound part: our read phase from the CSV vs from the HDF5 form of the file.
#
# What is timed, on both sides: read + parse + aggregate of the whole file from the page
# cache, in-process, the median of 3 runs after 1 warm-up. Ours: the record's median
# repetition (--reps 3 --warmup 1), without process start, the untimed validation pass and
# the independent verification. The Python and Node references time their own
# read+aggregate the same way (interpreter start-up, imports and engine start are not
# timed); datamash, which has no timer, is timed as whole processes minus its start-up (the
# same command on the header line alone). Each reference prints `ran:` (tool version,
# engine, threads, what is timed) and `seconds:`; the `ran:` lines are printed with the table.
#
# Method (docs/benchmarks.md): ours and the references alternate (order reversed every
# other round, >= 5 rounds); the report is the MEDIAN of per-round ratios. Every run must
# agree on the number of groups and rows, and ours must verify.
#
# Exit: 0 when every run finished and agreed (targets are reported, not enforced), 1 when a
# run failed or disagreed, 2 on usage errors or missing tools. It builds nothing.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/bench-groupby.sh [--rows N] [--rounds N] [--quick]

  --rows N     rows in the generated CSV (default 2M, ~70 MB; --quick: 1M)
  --rounds N   alternating rounds (default 5; fewer than 5 is refused)
  -h, --help   this text

Takes ~5 minutes on a 2-core machine at the default size; the CSV is written under /tmp and
removed at the end.
EOF2
}

rows=2M
rounds=5
while (($#)); do
  case $1 in
    --rows) rows=${2:?--rows needs a value}; shift ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    --quick) rows=1M ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-groupby: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  echo "bench-groupby: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/bin
app=$bin/scalelab-groupby
gen=$bin/scalelab-groupby-gen
py=/usr/bin/python3  # Debian's Python, with pandas: `python3` on PATH may be another one
for b in "$app" "$gen"; do
  [[ -x $b ]] || { echo "bench-groupby: missing $b; build first" >&2; exit 2; }
done
command -v datamash >/dev/null || { echo "bench-groupby: datamash not found (scripts/install-deps.sh)" >&2; exit 2; }
"$py" -c 'import pandas' 2>/dev/null || { echo "bench-groupby: $py lacks pandas (scripts/install-deps.sh)" >&2; exit 2; }
node=$(command -v node) || { echo "bench-groupby: node not found (scripts/install-deps.sh)" >&2; exit 2; }
[[ -d $root/bench/node/node_modules ]] ||
  { echo "bench-groupby: bench/node/node_modules missing: the DuckDB and Polars references (scripts/install-deps.sh)" >&2; exit 2; }

# shellcheck source=scripts/mpi-env.sh
source "$root/scripts/mpi-env.sh"
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"
# No OMP_PROC_BIND/OMP_PLACES: the references run unpinned, and on a shared machine a pinned
# thread cannot move off a core another job is using.
unset OMP_NUM_THREADS OMP_PROC_BIND OMP_PLACES

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-groupby.XXXXXX")
trap 'rm -rf "$work"' EXIT
csv=$work/dispatch.csv
h5=$work/dispatch.h5
results=$work/results.tsv  # round  name  seconds
: >"$results"

fail() { echo "bench-groupby: FAILED: $*" >&2; exit 1; }

"$gen" --rows "$rows" --seed 42 --output "$csv" >/dev/null
"$gen" --convert "$csv" --output "$h5" >/dev/null
# Both sides time the same way: the median of 3 runs after 1 warm-up.
timing=(--reps 3 --warmup 1)
expected=""  # "groups=N rows=M", set by the first run, every run must print the same

agree() {
  local name=$1 got=$2
  if [[ -z $expected ]]; then
    expected=$got
  elif [[ $got != "$expected" ]]; then
    fail "$name: $got, other runs: $expected"
  fi
}

# ours ROUND NAME ARGS...: one scalelab-groupby run; records its median rep time (and the
# read phase as NAME-read).
ours() {
  local round=$1 name=$2
  shift 2
  local rec=$work/rec.jsonl log=$work/ours.log
  rm -f "$rec"
  "$app" "$@" "${timing[@]}" --quiet --output "$rec" >"$log" 2>&1 ||
    { cat "$log" >&2; fail "scalelab-groupby $* exited non-zero"; }
  local out
  out=$("$py" - "$rec" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
if not r["verified"]:
    sys.exit("NOT VERIFIED: " + json.dumps(r["check"]))
res = r["result"]
print(f"groups={res['groups']} rows={res['rows']}", r["time"]["median"], r["breakdown"]["read"])
PY
) || fail "bad record from scalelab-groupby $*"
  local g rw t read
  read -r g rw t read <<<"$out"
  agree "ours $name" "$g $rw"
  printf '%s\t%s\t%s\n' "$round" "$name" "$t" >>"$results"
  printf '%s\t%s\t%s\n' "$round" "$name-read" "$read" >>"$results"
}

# ref ROUND NAME COMMAND...: a reference's own time (its `seconds:` line; run with the same
# timing options as ours); its `groups=N rows=M` line must agree, and its `ran:` line is kept
# for the table.
ref() {
  local round=$1 name=$2
  shift 2
  local out
  out=$("$@" "${timing[@]}" 2>"$work/ref.err") || { cat "$work/ref.err" >&2; fail "$name exited non-zero"; }
  agree "$name" "$(grep '^groups=' <<<"$out" || true)"
  local seconds ran
  seconds=$(sed -n 's/^seconds: //p' <<<"$out")
  ran=$(sed -n 's/^ran: //p' <<<"$out")
  [[ $seconds =~ ^[0-9.]+$ && -n $ran ]] || fail "$name: no 'ran:' and 'seconds:' lines in: $out"
  printf '%s\t%s\t%s\n' "$round" "$name" "$seconds" >>"$results"
  printf '%s\t%s\n' "$name" "$ran" >>"$work/ran.tsv"
}

busy=$(cpu_busy_percent)
echo "== ScaleLab bench-groupby =="
echo "host      $(hostname)  ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs)"
echo "date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
sha=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || sha+="-dirty"
echo "git       $sha"
echo "load      CPUs ${busy}% busy before start"
((busy <= 10)) || echo "WARNING   other processes are using the CPUs: every ratio below measures them too"
echo "input     $rows rows, $(($(stat -c %s "$csv") / 1000000)) MB CSV, $(($(stat -c %s "$h5") / 1000000)) MB HDF5 (--by date)"
echo "method    $rounds rounds, ours and the references alternately; medians of per-round ratios"
echo "timed     ours: median of 3 reps after 1 warm-up (read+parse+aggregate+merge);"
echo "          references: their own read+aggregate, median of 3 after 1 warm-up (see ran:)"
echo

start=$SECONDS
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds ..." >&2
  steps=(
    "ours $r serial --model serial --input $csv"
    "ref $r datamash $root/bench/groupby_datamash.sh $csv"
    "ref $r duckdb1 $node $root/bench/node/groupby_duckdb.mjs $csv --threads 1"
    "ours $r openmp2 --model openmp --threads 2 --input $csv"
    "ref $r pandas $py $root/bench/groupby_pandas.py $csv"
    "ref $r polars2 $node $root/bench/node/groupby_polars.mjs $csv --threads 2"
    "ours $r hdf5 --model serial --input $h5"
    "ref $r csvdict $py $root/bench/groupby_csv_dict.py $csv"
    "ref $r duckdb2 $node $root/bench/node/groupby_duckdb.mjs $csv --threads 2"
    "ref $r pool2 $py $root/bench/groupby_pool.py $csv 2"
    "ref $r polars1 $node $root/bench/node/groupby_polars.mjs $csv --threads 1"
  )
  if ((r % 2 == 0)); then  # reversed order every other round
    for ((i = ${#steps[@]} - 1; i >= 0; i--)); do ${steps[i]}; done
  else
    for step in "${steps[@]}"; do $step; done
  fi
done
echo "measured in $((SECONDS - start)) s" >&2

"$py" - "$results" "$work/ran.tsv" <<'PY'
import statistics, sys
from collections import defaultdict
ran = dict(line.rstrip("\n").split("\t", 1) for line in open(sys.argv[2]))
v = defaultdict(dict)
for line in open(sys.argv[1]):
    rnd, name, t = line.split("\t")
    v[name][int(rnd)] = float(t)
rounds = sorted(v["serial"])
med = statistics.median
fmt = lambda xs: " ".join(f"{x:7.3f}" for x in xs)
print("seconds per round")
for name, label in [("serial", "ours serial (1 thread)"), ("openmp2", "ours openmp (2 threads)"),
                    ("hdf5", "ours serial, HDF5 input"), ("datamash", "GNU datamash"),
                    ("pandas", "pandas read_csv+groupby"), ("csvdict", "Python csv + dict"),
                    ("pool2", "Python Pool.map (2 procs)"), ("duckdb1", "DuckDB (1 thread)"),
                    ("duckdb2", "DuckDB (2 threads)"), ("polars1", "Polars (1 thread)"),
                    ("polars2", "Polars (2 threads)")]:
    xs = [v[name][r] for r in rounds]
    print(f"   {label:<28} {fmt(xs)}   median {med(xs):.3f}")
print("read phase of ours (s): the I/O-bound part")
for name, label in [("serial-read", "CSV (pread of the text)"), ("hdf5-read", "HDF5 (3 columns)")]:
    xs = [v[name][r] for r in rounds]
    print(f"   {label:<28} {fmt(xs)}   median {med(xs):.4f}")
print("   (CSV: read is ~%.0f%% of our serial rep; the rest is parsing and aggregating)"
      % (100 * med([v['serial-read'][r] / v['serial'][r] for r in rounds])))
print()
ratio = lambda a, b: [v[a][r] / v[b][r] for r in rounds]
targets = [
    ("datamash / ours serial", ratio("datamash", "serial"), 10),
    ("pandas / ours serial", ratio("pandas", "serial"), 3),
    ("csv+dict / ours serial", ratio("csvdict", "serial"), None),
    ("Pool.map(2) / ours openmp(2)", ratio("pool2", "openmp2"), 50),
    ("DuckDB(1) / ours serial", ratio("duckdb1", "serial"), None),
    ("DuckDB(2) / ours openmp(2)", ratio("duckdb2", "openmp2"), None),
    ("Polars(1) / ours serial", ratio("polars1", "serial"), None),
    ("Polars(2) / ours openmp(2)", ratio("polars2", "openmp2"), None),
    ("HDF5 / CSV, ours serial", ratio("hdf5", "serial"), None),
]
print("ratios (per round, median)")
met = total = 0
for what, xs, want in targets:
    verdict = ""
    if want is not None:
        total += 1
        ok = med(xs) >= want
        met += ok
        verdict = f">= {want:g}  {'PASS' if ok else 'MISS'}"
    print(f"   {what:<30} {fmt(xs)}   median {med(xs):7.2f}  {verdict}")
print(f"   {met}/{total} targets met")
print()
print("what each reference ran (its own words)")
for name in ["datamash", "pandas", "csvdict", "pool2", "duckdb1", "duckdb2", "polars1", "polars2"]:
    print(f"   {name:<9} {ran[name]}")
PY
