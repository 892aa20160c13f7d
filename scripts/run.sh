#!/usr/bin/env bash
# The main job: install and build, then a small scaling study on this machine:
#   - strong scaling of pi (compute-bound) and weak scaling of triad (memory-bound), each at
#     every level: serial, eigen, openmp (threads), mpi (ranks), hybrid (ranks x threads),
#     on 1, 2, 4, ... cores up to this machine's;
#   - each configuration measured in at least 3 rounds (each round in a fresh random order), more
#     (up to 6) until every median's 95 % CI is within 5 %, at most 2 minutes per study;
#   - a comparison table of every run, then plots and a report (HTML + Markdown) whose verdict
#     per study says how to scale it here and how sure that is.
# Records: results/study/*.jsonl (started again, the sweeps resume where they stopped).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

scripts/install-deps.sh
source scripts/mpi-env.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" >/dev/null

study=results/study
mkdir -p "$study"
# A failed run is recorded and shown in the report, so keep going (|| true) and report it.
rounds=(--rounds 3 --precision 5% --max-rounds 6 --time-budget 120)
scripts/sweep strong pi --size 200M --reps 5 "${rounds[@]}" --out "$study/pi-strong.jsonl" || true
scripts/sweep weak triad --size 8M --reps 10 "${rounds[@]}" --out "$study/triad-weak.jsonl" || true

echo
/usr/bin/python3 scripts/table "$study"/pi-strong.jsonl "$study"/triad-weak.jsonl
/usr/bin/python3 scripts/report "$study"/pi-strong.jsonl "$study"/triad-weak.jsonl -o report
