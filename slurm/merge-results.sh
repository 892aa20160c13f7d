#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Merges the records of several scaling jobs into one file and draws the plots.
#   slurm/merge-results.sh OUT.jsonl JOBID [JOBID ...]
# Run in the directory the jobs were submitted from: it reads results/<JOBID>/*.jsonl there.
# Records are whole lines, so concatenation is a valid merge; the final line of an
# interrupted job, cut off without its newline, is left out.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/locate.sh"
out=${1:?usage: merge-results.sh OUT.jsonl JOBID...}
shift
(($#)) || { echo "merge-results: error: no job ids (usage: merge-results.sh OUT.jsonl JOBID...)" >&2; exit 2; }
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
for job in "$@"; do
  for file in results/"$job"/*.jsonl; do
    [[ -e $file ]] || { echo "merge-results: error: job $job left no records in results/$job" >&2; exit 3; }
    # Only whole lines: a line cut off by a kill has no newline.
    if [[ $(tail -c 1 "$file" | wc -l) -eq 1 ]]; then cat "$file"; else head -n -1 "$file"; fi >>"$tmp"
  done
done
mv "$tmp" "$out"
trap - EXIT
echo "merge-results: $(wc -l <"$out") records from jobs $* -> $out"
"$scalelab_bin/scalelab-plot" "$out" -o "${out%.jsonl}-plots"
