#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The production binary against coreutils on ASCII text:
#   total words (every model, --total-only too, mpi at 2 ranks)  == LC_ALL=C.UTF-8 wc -w
#   --alpha --counts (the whole table)                            == tr -cs A-Za-z '\n' | sort | uniq -c
#   --alpha --lower --counts                                      == the same after tr A-Z a-z
# Usage: agrees_with_coreutils.sh BIN CORPUS_BIN MPIRUN WORKDIR
set -euo pipefail
bin=$1 corpus_bin=$2 mpirun=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
total_of() {  # the record's result.total_words
  /usr/bin/python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["result"]["total_words"])' "$1"
}

# A generated corpus (ASCII: letters, punctuation, spaces, newlines) and a hand-made file with
# every whitespace byte, runs of separators and no final newline.
"$corpus_bin" 3M 5 > corpus.txt
printf 'Tab\there  two  spaces\r\nvertical\vfeed\fend, Mixed CASE case; punct-uated...\n\n  last words' > mixed.txt

for input in corpus.txt mixed.txt; do
  expect=$(LC_ALL=C.UTF-8 wc -w < "$input")
  for args in "--model serial" "--model openmp --threads 2" "--model eigen" \
              "--model serial --total-only" "--model openmp --threads 2 --total-only" \
              "--model openmp --threads 2 --pipeline --chunk 64k"; do
    rm -f r.jsonl
    # shellcheck disable=SC2086
    "$bin" $args --input "$input" --reps 1 --warmup 0 --quiet --output r.jsonl
    got=$(total_of r.jsonl)
    [[ $got == "$expect" ]] || fail "$input, $args: total $got, wc -w says $expect"
  done
  rm -f r.jsonl
  "$mpirun" -n 2 "$bin" --model mpi --input "$input" --reps 1 --warmup 0 \
    --quiet --output r.jsonl
  got=$(total_of r.jsonl)
  [[ $got == "$expect" ]] || fail "$input, mpi x2: total $got, wc -w says $expect"
  echo "ok: $input: $expect words, as wc -w"

  # Frequencies: our table in uniq -c's format, both sorted the same way.
  LC_ALL=C tr -cs A-Za-z '\n' < "$input" | sed '/^$/d' | LC_ALL=C sort | LC_ALL=C uniq -c |
    awk '{print $2 "\t" $1}' | LC_ALL=C sort > expect.tsv
  "$bin" --model openmp --threads 2 --alpha --input "$input" --counts counts.tsv --reps 1 \
    --warmup 0 --quiet
  LC_ALL=C sort counts.tsv > got.tsv
  cmp -s expect.tsv got.tsv || fail "$input: --alpha counts differ from tr | sort | uniq -c"
  LC_ALL=C tr -cs A-Za-z '\n' < "$input" | tr A-Z a-z | sed '/^$/d' | LC_ALL=C sort |
    LC_ALL=C uniq -c | awk '{print $2 "\t" $1}' | LC_ALL=C sort > expect-lower.tsv
  "$mpirun" -n 2 "$bin" --model hybrid --threads 2 --alpha --lower \
    --input "$input" --counts counts.tsv --reps 1 --warmup 0 --quiet
  LC_ALL=C sort counts.tsv > got.tsv
  cmp -s expect-lower.tsv got.tsv || fail "$input: --alpha --lower counts differ from tr | tr | sort | uniq -c"
  # --counts order: count descending, then word ascending (bytewise).
  LC_ALL=C sort -t$'\t' -k2,2nr -k1,1 counts.tsv | cmp -s - counts.tsv || fail "$input: counts not sorted"
  echo "ok: $input: frequencies as tr | sort | uniq -c ($(wc -l < counts.tsv) words)"
done
echo "1 passed, 0 failed"
