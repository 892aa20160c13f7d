#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every costs probe run as a user would (the binary, mpirun for the MPI probes), one record
# each, then scripts/latency-table on them: it must print every row the records support.
# Usage: latency_table_test.sh SCALELAB_COSTS MPIRUN LATENCY_TABLE RECORDS_FILE
set -euo pipefail
costs=$1 mpirun=$2 table=$3 records=$4
rm -f "$records"
quick=(--reps 2 --warmup 0 --quiet --output "$records")
"$costs" --probe spawn --model openmp --threads 2 --size 5 "${quick[@]}"
"$costs" --probe memory --size 64Ki "${quick[@]}"
"$mpirun" -n 2 --oversubscribe "$costs" --model mpi --probe pingpong --size 4Ki "${quick[@]}"
"$mpirun" -n 3 --oversubscribe "$costs" --model mpi --probe collectives "${quick[@]}"
[[ $(wc -l <"$records") -eq 4 ]] || { echo "FAIL: expected 4 records"; cat "$records"; exit 1; }

output=$("$table" --no-mpi-init "$records")
echo "$output"
for row in "L1 load (16 KiB working set)" "L2 load (64 KiB working set)" \
  "not reached: the largest working set (64 KiB)" "MPI message, 8 B one way" "MPI message, 4 KiB one way" "MPI_Allreduce, 8 B, 3 ranks" \
  "thread create + join" "fork + wait" "OpenMP parallel region, enter + leave (2 threads)" \
  "streaming read, L1" "one cycle = " "MPI_Init + MPI_Finalize (fresh mpirun -n 1)"; do
  grep -qF -- "$row" <<<"$output" || { echo "FAIL: no row '$row'"; exit 1; }
done
# A file without costs records is refused with exit code 2.
: >"$records.empty"
if "$table" --no-mpi-init "$records.empty" 2>/dev/null; then
  echo "FAIL: latency-table accepted a file without costs records"
  exit 1
fi
rm -f "$records.empty"
echo "ok: 4 records, every row printed"
