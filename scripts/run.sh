#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: install and build, then a small scaling study on this machine:
#   - strong scaling of pi (compute-bound) and weak scaling of triad (memory-bound), each at
#     every level: serial, eigen, openmp (threads), mpi (ranks), hybrid (ranks x threads),
#     on 1, 2, 4, ... cores up to this machine's;
#   - each configuration measured in at least 3 rounds (each round in a fresh random order), more
#     (up to 6) until every median's 95 % CI is within 5 %, at most 2 minutes per study;
#   - a comparison table of every configuration, then plots and a report (HTML + Markdown) whose
#     verdict per study says how to scale it here and how sure that is.
# Records: results/study/*.jsonl (started again, the sweeps resume where they stopped).
# Compiler output goes to build/run-build.log, named if the build fails.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
started=$SECONDS

# "==> [1m05s] what": each step with the time since the job started.
step() {
  local elapsed=$((SECONDS - started))
  printf '==> [%dm%02ds] %s\n' $((elapsed / 60)) $((elapsed % 60)) "$*"
}

# Runs a command with its output in a log; on failure shows the log's tail and names it.
logged() {
  local log=$1
  shift
  if ! "$@" >>"$log" 2>&1; then
    echo "run.sh: failed: $*" >&2
    tail -n 20 "$log" >&2
    echo "run.sh: the whole output is in $log" >&2
    exit 1
  fi
}

# The build, with its progress count ("[ 42%]") shown as it goes; compiler output to the log.
build_apps() {
  local log=$1
  cmake --build --preset release -j "$(nproc)" --target scalelab-apps >>"$log" 2>&1 &
  local build=$! shown=-1 percent
  while kill -0 "$build" 2>/dev/null; do
    sleep 2
    percent=$(grep -oE '^\[ *[0-9]+%\]' "$log" | tail -n 1 | tr -dc '0-9')
    percent=${percent:-0}
    # A line per quarter when the output is a log, one updating line on a terminal.
    if [[ -t 1 ]]; then
      printf '\r    %3d %%' "$percent"
    elif ((percent / 25 > shown / 25)); then
      echo "    $percent %"
      shown=$percent
    fi
  done
  [[ -t 1 ]] && echo
  if ! wait "$build"; then
    echo "run.sh: the build failed" >&2
    grep -E 'error|Error' "$log" | head -n 20 >&2
    echo "run.sh: the whole compiler output is in $log" >&2
    exit 1
  fi
}

step "install dependencies (scripts/install-deps.sh)"
scripts/install-deps.sh
source scripts/mpi-env.sh

mkdir -p build
log=build/run-build.log
: >"$log"
step "configure (cmake --preset release)"
logged "$log" cmake --preset release
step "build the apps (log: $log)"
build_apps "$log"

study=results/study
mkdir -p "$study"
# A study's sweep, showing its line per round (the line per run is in the records). A failed
# run is recorded and shown in the report, so the job keeps going and reports it.
run_study() {
  scripts/sweep "$@" --rounds 3 --precision 5% --max-rounds 6 --time-budget 120 |
    grep --line-buffered -v '^\[' || true
}
step "strong scaling of pi (200M samples) -> $study/pi-strong.jsonl"
run_study strong pi --size 200M --reps 5 --out "$study/pi-strong.jsonl"
step "weak scaling of triad (8M elements per core) -> $study/triad-weak.jsonl"
run_study weak triad --size 8M --reps 10 --out "$study/triad-weak.jsonl"

mkdir -p report
step "table -> report/table.txt"
scripts/table "$study"/pi-strong.jsonl "$study"/triad-weak.jsonl >report/table.txt
step "report (the verdict of each study; all of it in report/report.html)"
scripts/report "$study"/pi-strong.jsonl "$study"/triad-weak.jsonl -o report |
  grep -E '^(== |verdict: |report: )'
step "done"
