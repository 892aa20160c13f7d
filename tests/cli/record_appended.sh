#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A run with --output appends one JSON line; a second run (2 ranks) appends a second; both
# parse and carry the keys scripts rely on. Usage: record_appended.sh PI_BINARY MPIRUN FILE
set -euo pipefail
pi=$1 mpirun=$2 file=$3
rm -f "$file"
"$pi" --model openmp --threads 2 --size 100000 --reps 2 --quiet --output "$file"
"$mpirun" -n 2 --oversubscribe "$pi" --model mpi --size 100001 --reps 2 --quiet --output "$file"
/usr/bin/python3 - "$file" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[-1] == "", "file must end with a newline"
records = [json.loads(line) for line in lines[:-1]]
assert len(records) == 2, f"expected 2 records, got {len(records)}"
keys = ["workload", "model", "variant", "scaling", "size", "ranks", "threads", "cores", "reps",
        "time", "fom", "verified", "check", "result", "provenance", "status"]
for r in records:
    missing = [k for k in keys if k not in r]
    assert not missing, f"missing keys {missing}"
    assert r["verified"] is True and r["status"] == "ok"
    assert set(r["time"]) == {"min", "median", "mean", "max", "stddev", "samples"}
    samples = r["time"]["samples"]
    assert len(samples) == r["reps"] and min(samples) == r["time"]["min"], r["time"]
    assert set(r["noise"]) == {"loadavg_1m", "wall_s", "cpus", "busy_cpu_s", "own_cpu_s",
                               "foreign_cpu_s", "foreign_share", "steal_s", "freq_mhz"}
    assert r["noise"]["wall_s"] > 0 and r["noise"]["own_cpu_s"] > 0, r["noise"]
    assert r["fom"]["samples_per_s"] > 0
assert [(r["variant"], r["ranks"], r["threads"], r["cores"]) for r in records] == [
    ("pi/openmp", 1, 2, 2), ("pi/mpi", 2, 1, 2)], records
assert len(records[1]["provenance"]["placement"]) == 2
print("ok: 2 records appended and valid")
PY
