#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The SIGTERM path for real. For a single process and for `mpirun -n 2`: start a long run
# with a checkpoint file, send SIGTERM once its first periodic checkpoint exists (as SLURM
# does before a time limit: to every task), and expect exit 143, one "interrupted" line and
# no record; then restart from the checkpoint with a different rank or thread count and
# expect the final field of an uninterrupted run, bit for bit (result.digest).
#   sigterm_restart.sh SCALELAB_HEAT MPIEXEC WORK_DIR
set -uo pipefail
heat=$1 mpirun=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
py=/usr/bin/python3
# ~1 s per run here: long enough that the signal lands mid-run, short enough for ctest.
run=(--size 256x192 --boundary insulated --steps 4000 --reps 1 --warmup 0 --quiet)

fail() {
  echo "FAIL: $*"
  for f in "$work"/*.log; do
    [[ -e $f ]] && { echo "--- $f"; cat "$f"; }
  done
  exit 1
}

digest_of() {  # RECORD_FILE -> result.digest of its only record
  "$py" -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, f"{len(lines)} records"
r = json.loads(lines[0])
assert r["verified"] and r["status"] == "ok", r["check"]
print(r["result"]["digest"], r["params"]["start_step"])' "$1"
}

# Waits until the run wrote its first periodic checkpoint: it is then inside its time loop,
# with the SIGTERM handler installed.
wait_for() {  # NAME CHECKPOINT
  for _ in $(seq 1 1000); do
    [[ -e $2 ]] && return 0
    sleep 0.01
  done
  fail "$1: no checkpoint appeared"
}

# A run still going when the script ends (on a failure) is stopped by its pid; a run that
# was waited for is forgotten, so a recycled pid is never signalled.
started=()
stop_started() {
  local pid
  for pid in "${started[@]}"; do kill -TERM "$pid" 2>/dev/null; done
}
trap stop_started EXIT

check_interrupted() {  # NAME CODE LOG RECORD
  local name=$1 code=$2 log=$3 record=$4
  [[ $code -eq 143 ]] || fail "$name: exit code $code, expected 143"
  local lines
  lines=$(grep -c '^scalelab-heat: interrupted by SIGTERM after step [0-9]* of 4000: checkpoint written to' "$log")
  [[ $lines -eq 1 ]] || fail "$name: $lines 'interrupted' lines, expected 1"
  [[ ! -e $record ]] || fail "$name: an interrupted run wrote a record"
}

# --- one process: serial, restarted as openmp with 2 threads -----------------------------
"$heat" --model serial "${run[@]}" --output "$work/serial-ref.jsonl" >"$work/serial-ref.log" 2>&1 ||
  fail "serial reference run failed"
read -r reference _ < <(digest_of "$work/serial-ref.jsonl") || fail "bad serial reference record"

"$heat" --model serial "${run[@]}" --checkpoint "$work/serial.h5" --checkpoint-every 400 \
  --output "$work/serial-int.jsonl" >"$work/serial-int.log" 2>&1 &
pid=$!
started+=("$pid")
wait_for serial "$work/serial.h5"
kill -TERM "$pid" 2>/dev/null || fail "serial: the run ended before SIGTERM could be sent"
wait "$pid"
code=$?
started=()
check_interrupted serial "$code" "$work/serial-int.log" "$work/serial-int.jsonl"

"$heat" --model openmp --threads 2 "${run[@]}" --restart "$work/serial.h5" \
  --output "$work/serial-res.jsonl" >"$work/serial-res.log" 2>&1 || fail "serial restart failed"
read -r restarted start < <(digest_of "$work/serial-res.jsonl") || fail "bad restart record"
((start > 0 && start < 4000)) || fail "serial: restart began at step $start"
[[ $restarted == "$reference" ]] || fail "serial: restarted digest $restarted != $reference"
echo "ok: serial interrupted, restarted at step $start as openmp x2: digest $restarted"

# --- mpirun -n 2, restarted on 3 ranks ---------------------------------------------------
"$mpirun" -n 2 "$heat" --model mpi "${run[@]}" --checkpoint "$work/mpi.h5" \
  --checkpoint-every 400 --output "$work/mpi-int.jsonl" >"$work/mpi-int.log" 2>&1 &
launcher=$!
started+=("$launcher")
wait_for mpi "$work/mpi.h5"
# SIGTERM to the ranks, as SLURM signals every task; mpirun itself would forward it only
# after odls_base_sigkill_timeout and then kill the ranks (see the README).
# The ranks are mpirun's children (Open MPI) or its proxy's (MPICH's Hydra).
descendants() { local child; for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done; }
mapfile -t ranks < <(descendants "$launcher" | xargs -r ps -o pid=,comm= -p |
  awk '$2 == "scalelab-heat" {print $1}')
((${#ranks[@]} == 2)) || fail "mpi: ${#ranks[@]} rank processes under mpirun, expected 2"
kill -TERM "${ranks[@]}" 2>/dev/null || fail "mpi: the run ended before SIGTERM could be sent"
wait "$launcher"
code=$?
started=()
check_interrupted mpi "$code" "$work/mpi-int.log" "$work/mpi-int.jsonl"

"$mpirun" -n 3 "$heat" --model mpi "${run[@]}" --restart "$work/mpi.h5" \
  --output "$work/mpi-res.jsonl" >"$work/mpi-res.log" 2>&1 || fail "mpi restart failed"
read -r restarted start < <(digest_of "$work/mpi-res.jsonl") || fail "bad restart record"
((start > 0 && start < 4000)) || fail "mpi: restart began at step $start"
[[ $restarted == "$reference" ]] || fail "mpi: restarted digest $restarted != $reference"
echo "ok: mpi x2 interrupted, restarted at step $start on 3 ranks: digest $restarted"
