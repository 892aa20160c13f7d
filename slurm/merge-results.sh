#!/usr/bin/env bash
# Merges the records of several scaling jobs into one file and draws the plots.
#   slurm/merge-results.sh OUT.jsonl JOBID [JOBID ...]
# Records are whole lines, so concatenation is a valid merge; a truncated final line of an
# interrupted job is dropped by the readers (scripts/scalelab_records.py) and reported.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=${1:?usage: merge-results.sh OUT.jsonl JOBID...}
shift
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
for job in "$@"; do
  for file in results/"$job"/*.jsonl; do
    [[ -e $file ]] || { echo "merge-results: error: job $job left no records in results/$job" >&2; exit 3; }
    # Only whole lines: a line cut off by a kill has no newline.
    /usr/bin/python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.stdout.buffer.write(d[:d.rfind(b"\n")+1])' "$file" >>"$tmp"
  done
done
mv "$tmp" "$out"
trap - EXIT
echo "merge-results: $(wc -l <"$out") records from jobs $* -> $out"
if [[ -x scripts/plot ]]; then
  scripts/plot "$out" -o "${out%.jsonl}-plots"
fi
