#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# data/wordcount/sample.txt is exactly what the generator makes (4 KiB, seed 42), and the app
# counts it, verified.
set -euo pipefail
corpus_bin=$1 sample=$2 bin=$3
"$corpus_bin" 4Ki 42 | cmp - "$sample" || { echo "FAIL: $sample differs from the generator's output" >&2; exit 1; }
"$bin" --input "$sample" --reps 1 --warmup 0 | grep -q " verified " || { echo "FAIL: sample not verified" >&2; exit 1; }
echo "ok: $sample is the generated corpus 4Ki, seed 42"
