#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# groupby reference: GNU datamash, count/mean/sstdev/min/max of column 3 grouped by column 1.
#
#   groupby_datamash.sh FILE.csv [--reps N] [--warmup N] [--out TABLE.csv]
#
# datamash has no timer of its own, so each run is timed as a whole process and its start-up
# (the same command on the header line alone) is subtracted: what is left is its read, parse,
# aggregate and output of the file, one thread. Warm-up runs, then the median of the timed
# ones; prints the lines of bench/reference_timing.py (groups=N rows=M, ran:, seconds:);
# --out writes the table as scalelab-groupby --out does.
set -euo pipefail
file=${1:?usage: groupby_datamash.sh FILE.csv [--reps N] [--warmup N] [--out TABLE.csv]}
shift
reps=3 warmup=1 out=
while (($#)); do
  case $1 in
    --reps) reps=${2:-} ;;
    --warmup) warmup=${2:-} ;;
    --out) out=${2:-} ;;
    *) echo "groupby_datamash.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift 2 || { echo "groupby_datamash.sh: $1 needs a value" >&2; exit 2; }
done
[[ $reps =~ ^[0-9]+$ && $reps -ge 1 && $warmup =~ ^[0-9]+$ ]] ||
  { echo "groupby_datamash.sh: --reps must be >= 1 and --warmup >= 0 (got '$reps', '$warmup')" >&2; exit 2; }
[[ -f $file && -r $file ]] || { echo "groupby_datamash.sh: cannot read '$file'" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/groupby-datamash.XXXXXX")
trap 'rm -rf "$work"' EXIT
head -n 1 "$file" >"$work/header.csv"

aggregate() { datamash -t, --header-in -g 1 count 3 mean 3 sstdev 3 min 3 max 3 <"$1" >"$work/table.csv"; }

# median_wall INPUT: median wall seconds of `reps` runs of aggregate INPUT after `warmup`.
median_wall() {
  local i start end
  for ((i = 0; i < warmup; i++)); do aggregate "$1"; done
  for ((i = 0; i < reps; i++)); do
    start=$EPOCHREALTIME
    aggregate "$1"
    end=$EPOCHREALTIME
    echo "$start $end"
  done | awk '{ printf "%.9f\n", $2 - $1 }' | sort -g |
    awk '{ t[NR] = $1 } END { printf "%.6f\n", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

startup=$(median_wall "$work/header.csv")
total=$(median_wall "$file")
awk -F, '{ n++; rows += $2 } END { printf "groups=%d rows=%d\n", n, rows }' "$work/table.csv"
echo "ran: $(datamash --version | head -n 1), -g 1 count mean sstdev min max, 1 thread; timed as" \
  "whole processes (stdin from the file, the table to a file) minus the start-up on the header" \
  "alone (${startup} s), median of $reps after $warmup warm-up"
# Noise can make a tiny file's difference negative; no run takes less than nothing.
awk -v t="$total" -v s="$startup" 'BEGIN { d = t - s; printf "seconds: %.6f\n", (d > 0 ? d : 0) }'
if [[ -n $out ]]; then
  { echo "SETTLEMENTDATE,count,mean,std,min,max"; cat "$work/table.csv"; } >"$out"
fi
