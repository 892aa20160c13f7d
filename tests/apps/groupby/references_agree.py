#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The benchmark's groupby references compute what scalelab-groupby computes.

    references_agree.py debian|node APP GEN WORKDIR

On data/groupby-sample.csv and a generated 100k-row CSV, each reference (debian: datamash,
pandas, csv+dict, Pool.map with 2 processes; node: DuckDB and Polars at 1 and 2 threads) must
print the lines the benchmark reads (`groups=N rows=M` equal to ours, a `ran:` line naming
its thread count, a `seconds:` number) and write a table equal to ours (`--out`): the same
groups in order, counts, min and max exactly, mean and std within 1e-9 of each group's
scale, as scalelab-groupby's own verification. A missing input file is exit 2 with one line
on stderr naming it. Exit 77 (skipped) when the Node modules are
not installed (scripts/install-deps.sh installs them).
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BENCH = os.path.join(REPO, "bench")
SKIPPED = 77


def run(command):
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        sys.exit(f"FAIL: {' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def read_table(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def ours(app, data, work):
    table, record = os.path.join(work, "ours.csv"), os.path.join(work, "ours.jsonl")
    for path in (table, record):
        if os.path.exists(path):
            os.remove(path)
    run([app, "--input", data, "--reps", "1", "--warmup", "0", "--quiet", "--out", table,
         "--output", record])
    result = json.loads(open(record).readline())["result"]
    return f"groups={result['groups']} rows={result['rows']}", read_table(table)


def compare(name, expected_line, expected_table, stdout, table_path, threads):
    lines = stdout.splitlines()
    failures = []
    if expected_line not in lines:
        failures.append(f"agreement line: want '{expected_line}', got {lines}")
    ran = [line for line in lines if line.startswith("ran: ")]
    if len(ran) != 1 or f"{threads}" not in ran[0]:
        failures.append(f"want one 'ran:' line naming {threads}, got {ran}")
    seconds = [line[len("seconds: "):] for line in lines if line.startswith("seconds: ")]
    if len(seconds) != 1 or not math.isfinite(float(seconds[0])) or float(seconds[0]) < 0:
        failures.append(f"want one 'seconds: <number>' line, got {seconds}")
    header, rows = read_table(table_path)
    want_header, want_rows = expected_table
    if header != want_header:
        failures.append(f"table header {header} != {want_header}")
    if [r[0] for r in rows] != [r[0] for r in want_rows]:
        failures.append("groups differ from ours (keys or order)")
    for got, want in zip(rows, want_rows):
        count, mean, std, lo, hi = (float(v) for v in got[1:])
        w_count, w_mean, w_std, w_lo, w_hi = (float(v) for v in want[1:])
        scale = max(1.0, abs(w_lo), abs(w_hi))
        if (count, lo, hi) != (w_count, w_lo, w_hi) or abs(mean - w_mean) > 1e-9 * scale or \
                abs(std - w_std) > 1e-9 * scale:
            failures.append(f"group {got[0]}: {got[1:]} != ours {want[1:]}")
            break
    for failure in failures:
        print(f"FAIL: {name}: {failure}", file=sys.stderr)
    return not failures


def refuses_missing_file(name, before, after, work):
    missing = os.path.join(work, "no-such.csv")
    done = subprocess.run(before + [missing] + after, capture_output=True, text=True,
                          timeout=60)
    lines = done.stderr.splitlines()
    if done.returncode == 2 and len(lines) == 1 and missing in lines[0]:
        return True
    print(f"FAIL: {name} on a missing file: exit {done.returncode}, stderr {lines}",
          file=sys.stderr)
    return False


def references(kind):
    """(name, command before the file, command after it, what the `ran:` line must name)."""
    py = "/usr/bin/python3"
    if kind == "debian":
        return [
            ("datamash", [os.path.join(BENCH, "groupby_datamash.sh")], [], "1 thread"),
            ("pandas", [py, os.path.join(BENCH, "groupby_pandas.py")], [], "1 thread"),
            ("csv+dict", [py, os.path.join(BENCH, "groupby_csv_dict.py")], [], "1 thread"),
            ("Pool.map", [py, os.path.join(BENCH, "groupby_pool.py")], ["2"], "2 processes"),
        ]
    node = shutil.which("node") or "/usr/bin/node"
    refs = []
    for threads in (1, 2):
        for engine, names in (("duckdb", f"threads={threads}"),
                              ("polars", f"POLARS_MAX_THREADS={threads}")):
            script = os.path.join(BENCH, "node", f"groupby_{engine}.mjs")
            refs.append((f"{engine} threads={threads}", [node, script],
                         ["--threads", str(threads)], names))
    return refs


def main():
    kind, app, gen, work = sys.argv[1:5]
    if kind == "node" and not os.path.isdir(os.path.join(BENCH, "node", "node_modules")):
        print("SKIPPED: bench/node/node_modules is missing; scripts/install-deps.sh installs the "
              "DuckDB and Polars references (npm ci in bench/node)")
        return SKIPPED
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    generated = os.path.join(work, "generated.csv")
    run([gen, "--rows", "100k", "--seed", "7", "--output", generated])
    ok = True
    checked = 0
    for data in (os.path.join(REPO, "data", "groupby-sample.csv"), generated):
        expected_line, expected_table = ours(app, data, work)
        for name, before, after, threads in references(kind):
            table = os.path.join(work, "reference.csv")
            stdout = run(before + [data] + after + ["--reps", "1", "--warmup", "0", "--out", table])
            ok &= compare(f"{name} on {os.path.basename(data)}", expected_line, expected_table,
                          stdout, table, threads)
            checked += 1
    for name, before, after, _threads in references(kind):
        ok &= refuses_missing_file(name, before, after, work)
    verdict = "all agree" if ok else "FAILED"
    print(f"{checked} reference runs checked against scalelab-groupby: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
