#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-anagrams: how much faster is scalelab-anagrams than what a user would otherwise write?
# One word list, in one run, as ratios of per-round times.
#
#   ours    scalelab-anagrams --input LIST: serial, and openmp with 2 threads; the median
#           repetition time from its record (read, key, group: the file is in the page cache)
#   refs    bench/anagrams_dict.py      the classic dict of sorted-letter keys (one process)
#           bench/anagrams_pool.py 2    the tutorials' multiprocessing Pool.map version
#           bench/anagrams_pipeline.sh  awk (sorted key) | sort -u | awk (count)
#           The Python versions time themselves (reading and grouping, Pool start included;
#           not the interpreter's start-up); the pipeline is timed from outside.
# Every run must report the same numbers of words, anagram groups and words in them.
# Target: ours (best model) >= 50x the Pool.map version.
#
# Method (docs/benchmarks.md): the machine's speed drifts, so ours and the references run
# alternately (order reversed every round, >= 5 rounds) and the report is the median of the
# per-round ratios; nothing is divided by a number saved earlier.
#
# Exit status: 0 when every run finished and agreed (a missed target is reported, not an
# error), 1 when a run failed or disagreed, 2 on usage errors or missing binaries. It builds
# nothing.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/bench-anagrams.sh [--words N] [--rounds N] [--input FILE]

  --words N     words in the generated list (default 500000; bench/anagrams_words.py)
  --input FILE  use this word list instead (e.g. /usr/share/dict/words)
  --rounds N    alternating rounds (default 5; fewer than 5 is refused)
  -h, --help    this text

Takes ~2-3 minutes on a 2-core machine with the defaults.
EOF2
}

rounds=5
words=500000
input=""
while (($#)); do
  case $1 in
    --words) words=${2:?--words needs a value}; shift ;;
    --input) input=${2:?--input needs a file}; shift ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-anagrams: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  echo "bench-anagrams: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi
if ! [[ $words =~ ^[0-9]+$ ]] || ((words < 1)); then
  echo "bench-anagrams: --words must be a positive integer (got '$words')" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/bin/scalelab-anagrams
py=/usr/bin/python3  # Debian's Python: `python3` on PATH may be another one
[[ -x $bin ]] || {
  echo "bench-anagrams: missing $bin; build first:  cmake --preset release && cmake --build build" >&2
  exit 2
}
for tool in "$py" awk sort; do
  command -v "$tool" >/dev/null || { echo "bench-anagrams: '$tool' not found" >&2; exit 2; }
done
if [[ -n $input && ! -r $input ]]; then
  echo "bench-anagrams: --input: '$input' is not a readable file" >&2
  exit 2
fi

# shellcheck source=scripts/mpi-env.sh
source "$root/scripts/mpi-env.sh"
export OMP_PROC_BIND=close OMP_PLACES=cores
unset OMP_NUM_THREADS

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-anagrams.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv  # round  name  seconds
: >"$results"
if [[ -z $input ]]; then
  input=$work/words.txt
  "$py" "$root/bench/anagrams_words.py" "$words" 42 "$input"
fi

# Prints "<answer>\t<median rep seconds>" from one verified record.
cat >"$work/read_record.py" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
if r.get("verified") is not True:
    sys.exit("not verified")
res = r["result"]
print(f"words={res['words']} anagram_groups={res['anagram_groups']} "
      f"words_in_anagram_groups={res['words_in_anagram_groups']}\t{r['time']['median']!r}")
PY

fail() {
  echo "bench-anagrams: FAILED: $*" >&2
  exit 1
}
expected=""  # "words=.. anagram_groups=.. words_in_anagram_groups=..", set by the first run
agree() {
  local name=$1 answer=$2
  if [[ -z $expected ]]; then
    expected=$answer
  elif [[ $answer != "$expected" ]]; then
    fail "$name answered '$answer', an earlier run '$expected'"
  fi
}

# ours MODEL THREADS: one run, 3 timed reps; records the median rep time.
ours() {
  local round=$1 model=$2 threads=$3 rec=$work/record.jsonl log=$work/run.log
  rm -f "$rec"
  "$bin" --model "$model" --threads "$threads" --input "$input" --reps 3 --warmup 1 --quiet \
    --output "$rec" >"$log" 2>&1 || { cat "$log" >&2; fail "scalelab-anagrams --model $model exited non-zero"; }
  local out
  out=$("$py" "$work/read_record.py" "$rec") || fail "bad record from --model $model"
  agree "ours $model" "${out%%$'\t'*}"
  printf '%s\t%s\t%s\n' "$round" "$model-$threads" "${out##*$'\t'}" >>"$results"
}

# reference NAME command...: the command prints the answer and (Python) seconds=S.
reference() {
  local round=$1 name=$2
  shift 2
  local start end out seconds
  start=$EPOCHREALTIME
  out=$("$@") || fail "$name exited non-zero"
  end=$EPOCHREALTIME
  if [[ $out == *seconds=* ]]; then
    seconds=${out##*seconds=}
    out=${out% seconds=*}
  else
    seconds=$("$py" -c "print($end - $start)")
  fi
  agree "$name" "$out"
  printf '%s\t%s\t%s\n' "$round" "$name" "$seconds" >>"$results"
}

echo "== ScaleLab bench-anagrams =="
echo "host      $(hostname)  ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs)"
echo "date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
sha=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || sha+="-dirty"
echo "git       $sha"
echo "input     $input ($(wc -l <"$input") lines, $(wc -c <"$input") bytes)"
echo "method    $rounds rounds, ours and the references alternately (order reversed every" \
  "round); medians of per-round ratios"
echo

load_before=$(cut -d' ' -f1 /proc/loadavg)
start=$SECONDS
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds ..." >&2
  steps=(
    "ours $r serial 1"
    "ours $r openmp 2"
    "reference $r dict $py $root/bench/anagrams_dict.py $input"
    "reference $r pool $py $root/bench/anagrams_pool.py $input 2"
    "reference $r pipeline $root/bench/anagrams_pipeline.sh $input"
  )
  if ((r % 2 == 0)); then
    for ((i = ${#steps[@]} - 1; i >= 0; i--)); do ${steps[i]}; done
  else
    for step in "${steps[@]}"; do $step; done
  fi
done
echo "measured in $((SECONDS - start)) s" >&2
echo "answer    $expected (every run)"
echo

"$py" - "$results" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import statistics, sys
from collections import defaultdict

t = defaultdict(dict)
for line in open(sys.argv[1]):
    rnd, name, sec = line.split("\t")
    t[name][int(rnd)] = float(sec)
rounds = sorted(t["serial-1"])
med = statistics.median
fmt = lambda xs: " ".join(f"{x:8.4f}" for x in xs)
print("seconds per round (ours: median repetition; refs: reading + grouping)")
labels = {"serial-1": "ours serial", "openmp-2": "ours openmp, 2 threads",
          "dict": "python dict", "pool": "python Pool.map, 2 procs", "pipeline": "awk | sort | awk"}
for name, label in labels.items():
    print(f"   {label:<26} {fmt([t[name][r] for r in rounds])}   median {med(t[name].values()):.4f}")
print()
print("speed-up of ours (reference time / our time, per round; median)")
best = {}
for ref in ["dict", "pool", "pipeline"]:
    for ours in ["serial-1", "openmp-2"]:
        xs = [t[ref][r] / t[ours][r] for r in rounds]
        best[(ref, ours)] = med(xs)
        print(f"   {labels[ours] + ' vs ' + labels[ref]:<52} {fmt(xs)}   median {med(xs):8.1f}x")
print()
got = max(best[("pool", "serial-1")], best[("pool", "openmp-2")])
print(f"target    ours (best model) >= 50x python Pool.map: {got:.1f}x  {'PASS' if got >= 50 else 'MISS'}")
print(f"load      1-min load average {sys.argv[2]} before, {sys.argv[3]} after (2 CPUs; other"
      " processes share them)")
PY
