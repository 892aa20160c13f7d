#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-wordcount: scalelab-wordcount against the usual tools, as ratios of throughput (MB/s).
#
#   total words       ours --total-only (openmp, 1 and 2 threads; eigen)   vs  LC_ALL=C.UTF-8 wc -w
#   word frequencies  ours (openmp, 1 and 2 threads)                       vs  a mawk script
#   word frequencies  ours (openmp, 2 threads)                             vs  the classic Python
#                                                                              Pool.map over lines
#                                                                              (bench/wordcount_pool.py, 2 processes)
#
# Corpus: the generator's text (scripts/../build/bin/scalelab-wordcount-corpus, ASCII, Zipf
# words) written to a temporary directory and deleted at the end: --mb MB (default 200) for
# wc and mawk, a tenth of it for Python (a per-line Pool.map is ~1000x slower; a ratio of
# rates does not depend on the size). Files are read once before timing, so everything reads
# from the page cache.
#
# Timing: a reference is the wall time of its whole command (start-up is negligible at these
# sizes); ours is the record's median time per rep (--reps 3 after a warm-up), which includes
# reading the file every rep but not the start-up, the untimed setup or the verification
# (a full recount on rank 0 with a plain std::unordered_map, which every run still passes).
#
# Method (as the other bench scripts): every round runs ours and each reference alternately,
# the order of the pairs rotating per round; each ratio is computed inside its round, and the
# report is the MEDIAN of the per-round ratios. Nothing is compared with a number saved earlier.
#
# Exit status: 0 when every run finished and verified, 1 when one failed, 2 on usage errors or
# a missing binary. It builds nothing.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/bench-wordcount.sh [--mb MB] [--rounds N] [--quick]

  --mb MB       corpus size in MB for wc -w and mawk (default 200; Python gets MB/10)
  --rounds N    alternating rounds (default 5; fewer than 5 is refused)
  --quick       --mb 50
  -h, --help    this text

Takes about 4 minutes on a 2-core machine at the default size. Run it on an idle machine.
EOF2
}

mb=200
rounds=5
while (($#)); do
  case $1 in
    --mb) mb=${2:?--mb needs a value}; shift ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    --quick) mb=50 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-wordcount: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  echo "bench-wordcount: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi
if ! [[ $mb =~ ^[0-9]+$ ]] || ((mb < 10)); then
  echo "bench-wordcount: --mb must be an integer >= 10 (got '$mb')" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/bin/scalelab-wordcount
corpus_bin=$root/build/bin/scalelab-wordcount-corpus
py=/usr/bin/python3  # Debian's Python: `python3` on PATH may be another one
for b in "$bin" "$corpus_bin"; do
  if [[ ! -x $b ]]; then
    echo "bench-wordcount: missing $b; build first: cmake --preset release && cmake --build build" >&2
    exit 2
  fi
done
for tool in mawk wc "$py"; do
  command -v "$tool" >/dev/null || {
    echo "bench-wordcount: '$tool' not found; run scripts/install-deps.sh" >&2
    exit 2
  }
done
export OMP_PROC_BIND=close OMP_PLACES=cores
unset OMP_NUM_THREADS

work=$(mktemp -d /tmp/bench-wordcount.XXXXXX)
trap 'rm -rf "$work"' EXIT
big=$work/corpus.txt
small=$work/corpus-small.txt
echo "bench-wordcount: generating ${mb} MB and $((mb / 10)) MB corpora in $work"
"$corpus_bin" "${mb}M" 42 > "$big"
"$corpus_bin" "$((mb / 10))M" 43 > "$small"
cat "$big" "$small" > /dev/null  # into the page cache
big_mb=$(stat -c %s "$big" | awk '{print $1 / 1e6}')
small_mb=$(stat -c %s "$small" | awk '{print $1 / 1e6}')

now() { date +%s.%N; }
# MB/s of a reference command: MB / wall seconds.
ref_rate() {  # MB cmd...
  local size=$1 t0 t1
  shift
  t0=$(now)
  "$@" > /dev/null
  t1=$(now)
  awk -v s="$size" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f\n", s / (b - a)}'
}
# MB/s of ours: from the record (fom.MB_per_s, over the median rep); fails unless verified.
ours_rate() {  # args...
  local rec=$work/r.jsonl
  rm -f "$rec"
  "$bin" "$@" --reps 3 --warmup 1 --quiet --output "$rec" || {
    echo "bench-wordcount: ours failed: $*" >&2
    exit 1
  }
  "$py" -c 'import json,sys
r = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert r["verified"], "not verified"
print("%.6f" % r["fom"]["MB_per_s"])' "$rec"
}

wc_w() { LC_ALL=C.UTF-8 wc -w < "$1"; }
mawk_freq() {
  mawk '{ for (i = 1; i <= NF; i++) c[$i]++ } END { for (w in c) print w, c[w] }' "$1"
}
pool_freq() { "$py" "$root/bench/wordcount_pool.py" "$1" 2; }

declare -A ratios
add_ratio() { ratios[$1]+="$2 "; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4f\n", a / b}'; }
declare -A rates
add_rate() { rates[$1]+="$2 "; }

pairs=(total freq python)
for ((round = 1; round <= rounds; ++round)); do
  echo "round $round/$rounds"
  for ((k = 0; k < ${#pairs[@]}; ++k)); do
    pair=${pairs[$(((k + round) % ${#pairs[@]}))]}
    case $pair in
      total)
        t1=$(ours_rate --model openmp --threads 1 --total-only --input "$big")
        ref=$(ref_rate "$big_mb" wc_w "$big")
        t2=$(ours_rate --model openmp --threads 2 --total-only --input "$big")
        eg=$(ours_rate --model eigen --input "$big")
        add_rate "ours total 1 thread" "$t1"; add_rate "ours total 2 threads" "$t2"
        add_rate "ours total eigen" "$eg"; add_rate "wc -w" "$ref"
        add_ratio "total 1 thread / wc -w" "$(ratio "$t1" "$ref")"
        add_ratio "total 2 threads / total 1 thread" "$(ratio "$t2" "$t1")"
        add_ratio "total eigen / wc -w" "$(ratio "$eg" "$ref")"
        ;;
      freq)
        f1=$(ours_rate --model openmp --threads 1 --input "$big")
        ref=$(ref_rate "$big_mb" mawk_freq "$big")
        f2=$(ours_rate --model openmp --threads 2 --input "$big")
        add_rate "ours frequencies 1 thread" "$f1"; add_rate "ours frequencies 2 threads" "$f2"
        add_rate "mawk frequencies" "$ref"
        add_ratio "frequencies 1 thread / mawk" "$(ratio "$f1" "$ref")"
        add_ratio "frequencies 2 threads / frequencies 1 thread" "$(ratio "$f2" "$f1")"
        ;;
      python)
        ref=$(ref_rate "$small_mb" pool_freq "$small")
        f2=$(ours_rate --model openmp --threads 2 --input "$small")
        add_rate "python Pool.map(2) frequencies" "$ref"
        add_ratio "frequencies 2 threads / python Pool.map(2)" "$(ratio "$f2" "$ref")"
        ;;
    esac
  done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo
printf '%-44s %12s\n' "throughput (median of $rounds runs)" "MB/s"
for key in "wc -w" "ours total 1 thread" "ours total 2 threads" "ours total eigen" \
           "mawk frequencies" "ours frequencies 1 thread" "ours frequencies 2 threads" \
           "python Pool.map(2) frequencies"; do
  printf '%-44s %12.1f\n' "$key" "$(echo "${rates[$key]}" | median)"
done
echo
printf '%-48s %10s %10s   %s\n' "ratio (median of per-round ratios)" "ratio" "target" "per round"
report() {  # key target
  local m
  m=$(echo "${ratios[$1]}" | median)
  local verdict
  verdict=$(awk -v m="$m" -v t="$2" 'BEGIN {print (m >= t) ? "met" : "MISSED"}')
  printf '%-48s %10.2f %9sx   %s  %s\n' "$1" "$m" "$2" "$verdict" "${ratios[$1]}"
}
report "total 1 thread / wc -w" 10
report "total eigen / wc -w" 10
report "total 2 threads / total 1 thread" 1.8
report "frequencies 1 thread / mawk" 5
report "frequencies 2 threads / frequencies 1 thread" 1.0
report "frequencies 2 threads / python Pool.map(2)" 50
echo "(a target MISSED is reported, not an error: the exit status is 0 when every run verified)"
