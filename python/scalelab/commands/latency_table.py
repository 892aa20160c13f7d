# SPDX-License-Identifier: MIT
"""Prints "latency numbers every programmer should know", measured on this machine.

usage: scripts/latency-table RECORDS.jsonl [...] [--ghz G] [--no-mpi-init] [--mpi-init-runs N]

Reads the records of scalelab-costs runs (every probe: spawn, memory, pingpong, collectives)
and prints each latency in nanoseconds and on the "if one cycle were one second" scale, then
the bandwidths. The cycle is one period of the CPU's nominal clock, taken from the records
(the measuring machine's /proc/cpuinfo or cpufreq; the source is printed) unless --ghz says
otherwise. Memory rungs are named by the cache sizes recorded with them: L1 is the largest
working set within half of L1d, L2 within half of L2, L3 within half of L3, DRAM the largest.

MPI_Init + MPI_Finalize cannot be measured inside a run (a process initialises MPI once), so
this script times fresh launches itself: `mpirun -n 1 scalelab-pingpong-reference init-only`
and, to separate the launcher's share, `mpirun -n 1 true`, alternately, --mpi-init-runs times
each (default 5), medians. --no-mpi-init skips that (e.g. when the records come from another
machine).

Exit status: 0 printed; 2 bad usage, unreadable records or no costs records.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

from scalelab.paths import bin_dir
from scalelab.records import RecordError, read_files

REFERENCE = os.path.join(bin_dir(), "scalelab-pingpong-reference")
# What reading a record of another shape raises: a key or row missing, null where a number
# belongs (the apps write NaN as null). Each becomes one error line, never a traceback.
UNUSABLE = (KeyError, IndexError, TypeError, ValueError, AttributeError, StopIteration,
            ZeroDivisionError)


# ---------------------------------------------------------------------------------------------
# Choosing records

def latest(records, probe, key=None):
    """The verified costs record of `probe` that `key` ranks highest (ties: the latest)."""
    runs = [r for r in records if r.get("workload") == "costs" and r.get("status") == "ok"
            and r.get("result", {}).get("probe") == probe]
    if not runs:
        return None
    if key is None:
        return runs[-1]
    best = max(key(r) for r in runs)
    return [r for r in runs if key(r) == best][-1]


def pick_records(records):
    return {
        # single-thread latencies are the classic table; the largest ladder shows DRAM best
        "memory": latest(records, "memory", lambda r: (r["threads"] == 1, r["size"])),
        # the region row means most with a real team
        "spawn": latest(records, "spawn", lambda r: r["result"]["omp_threads"]),
        # a shared-memory pair is what the "MPI message" row promises
        "pingpong": latest(records, "pingpong",
                           lambda r: r["result"]["transport"]["kind"] == "shared-memory"),
        "collectives": latest(records, "collectives", lambda r: r["ranks"]),
    }


# ---------------------------------------------------------------------------------------------
# The clock

def local_cpu():
    """Nominal GHz of this machine and where it came from (fallback when records lack it)."""
    try:
        with open("/proc/cpuinfo") as handle:
            text = handle.read()
    except OSError:
        text = ""
    model = re.search(r"^model name\s*:\s*(.*)$", text, re.M)
    rated = re.search(r"@\s*([0-9.]+)\s*GHz", model.group(1)) if model else None
    if rated:
        return float(rated.group(1)), "this machine's /proc/cpuinfo model name (rated clock)"
    for name, what in (("base_frequency", "base_frequency"),
                       ("cpuinfo_max_freq", "cpuinfo_max_freq (maximum, not nominal)")):
        try:
            with open(f"/sys/devices/system/cpu/cpu0/cpufreq/{name}") as handle:
                return int(handle.read()) / 1e6, f"this machine's cpufreq {what}"
        except (OSError, ValueError):
            pass
    mhz = re.search(r"^cpu MHz\s*:\s*([0-9.]+)", text, re.M)
    if mhz:
        return float(mhz.group(1)) / 1e3, "this machine's /proc/cpuinfo cpu MHz (current clock)"
    return None, None


def clock(chosen, ghz_option):
    if ghz_option:
        return ghz_option, "--ghz"
    for record in chosen.values():
        cpu = (record or {}).get("result", {}).get("cpu") or {}
        if cpu.get("nominal_GHz"):
            return cpu["nominal_GHz"], f"{cpu['GHz_source']} of {record['provenance']['hosts'][0]}"
    return local_cpu()


# ---------------------------------------------------------------------------------------------
# MPI_Init + MPI_Finalize of a fresh launch

def mpi_init_times(runs):
    """Median seconds of `mpirun -n 1 reference init-only` and of `mpirun -n 1 true`."""
    mpirun = shutil.which("mpirun")
    if mpirun is None or not os.access(REFERENCE, os.X_OK):
        return None, f"not measured: needs mpirun and {REFERENCE} (build it)"
    env = dict(os.environ)
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    env.setdefault("OMPI_MCA_pml", "ob1")
    env.setdefault("OMPI_MCA_btl", "self,vader")
    commands = {"mpi": [mpirun, "-n", "1", REFERENCE, "init-only"],
                "launcher": [mpirun, "-n", "1", "true"]}
    seconds = {name: [] for name in commands}
    for _ in range(runs):  # alternately, so drift hits both alike
        for name, command in commands.items():
            start = time.perf_counter()
            done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True, timeout=120)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                why = done.stderr.strip()[:200]
                return None, f"not measured: {' '.join(command)} failed: {why}"
            seconds[name].append(elapsed)
    return {name: statistics.median(values) for name, values in seconds.items()}, None


# ---------------------------------------------------------------------------------------------
# Formatting

def scaled(seconds):
    """A duration in words: what `seconds` of the scaled world feel like."""
    day, month, year = 86400, 86400 * 30.44, 86400 * 365.25
    for limit, unit, size in ((60, "s", 1), (3600, "min", 60), (day, "h", 3600),
                              (month, "days", day), (year, "months", month)):
        if seconds < limit:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds / year:.3g} years"


def ns_text(ns):
    return f"{ns:,.3g}" if ns < 1000 else f"{ns:,.0f}"


def size_text(size):
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} B"


class Table:
    def __init__(self, cycle_ns):
        self.cycle_ns = cycle_ns
        self.rows = []

    def latency(self, what, ns, note="", sort_as=None):
        """Adds a row; rows print fastest first (`sort_as` keeps a sub-row under its parent)."""
        key = (float("inf") if ns is None else sort_as or ns, len(self.rows))
        if ns is None:
            self.rows.append((key, what, "-", "-", note))
            return
        human = scaled(ns / self.cycle_ns) if self.cycle_ns else "-"
        self.rows.append((key, what, ns_text(ns), human, note))

    def print(self):
        width = max(len(r[1]) for r in self.rows)
        print(f"{'operation':<{width}}  {'ns':>12}  {'if one cycle were one second':<28}")
        for _, what, ns, human, note in sorted(self.rows):
            line = f"{what:<{width}}  {ns:>12}  {human:<28}"
            print((line + "  " + note).rstrip())


# ---------------------------------------------------------------------------------------------
# The rows

def memory_rungs(record):
    """(label, entry, note) for L1, L2, L3, DRAM from a memory record's ladder."""
    table = record["result"]["table"]
    caches = record["result"]["caches"]
    l1, l2, l3 = caches["L1d_bytes"], caches["L2_bytes"], caches["L3_bytes"]
    rungs = []
    for label, low, high in (("L1", 0, l1 // 2), ("L2", l1, l2 // 2), ("L3", l2, l3 // 2)):
        inside = [e for e in table if low < e["bytes"] <= high] if high else []
        rungs.append((label, inside[-1] if inside else None, ""))
    largest = table[-1]
    if l3 and largest["bytes"] <= l3:
        rungs.append(("DRAM", None, f"not reached: the largest working set "
                      f"({size_text(largest['bytes'])}) fits in a cache; use a larger --size"))
        return rungs
    note = "" if not l3 or largest["bytes"] >= 4 * l3 else \
        f"only {largest['bytes'] / l3:.1f}x L3: partly cached (use --size 1Gi)"
    rungs.append(("DRAM", largest, note))
    l3_rung = rungs[2][1]
    if l3_rung and l3_rung["ns_per_load"]["median"] > 0.5 * largest["ns_per_load"]["median"]:
        rungs[2] = ("L3", l3_rung, "close to DRAM: this L3 is shared with others or not all ours")
    return rungs


def add_latencies(table, chosen):
    memory, spawn = chosen["memory"], chosen["spawn"]
    pingpong, collectives = chosen["pingpong"], chosen["collectives"]
    if memory:
        for label, entry, note in memory_rungs(memory):
            if entry is None:
                table.latency(f"{label} load", None, note or "no working set of the ladder fits")
            else:
                table.latency(f"{label} load ({size_text(entry['bytes'])} working set)",
                              entry["ns_per_load"]["median"], note)
    else:
        table.latency("memory loads", None, "not measured: scalelab-costs --probe memory")
    if spawn:
        r = spawn["result"]
        table.latency("OpenMP parallel region, enter + leave "
                      f"({r['omp_threads']} thread{'s' if r['omp_threads'] > 1 else ''})",
                      r["omp_region_us"]["median"] * 1e3)
    if pingpong:
        r = pingpong["result"]
        small = r["transport"]["probe_bytes"]
        row = next(e for e in r["table"] if e["bytes"] == small)
        table.latency(f"MPI message, {small} B one way ({r['transport']['kind']}, blocking)",
                      row["blocking"]["half_round_trip_us"]["median"] * 1e3)
        table.latency(f"MPI message, {small} B one way ({r['transport']['kind']}, nonblocking)",
                      row["nonblocking"]["half_round_trip_us"]["median"] * 1e3)
        big = r["table"][-1]
        table.latency(f"MPI message, {size_text(big['bytes'])} one way",
                      big["blocking"]["half_round_trip_us"]["median"] * 1e3)
    else:
        table.latency("MPI message", None, "not measured: mpirun -n 2 scalelab-costs --model mpi "
                      "--probe pingpong")
    if collectives:
        r = collectives["result"]
        row = r["table"][-1]
        for name, key, note in (
                ("MPI_Barrier", "barrier_us", ""),
                ("MPI_Bcast", "bcast_us",
                 "per call back to back: the root need not wait, calls overlap"),
                ("MPI_Allreduce", "allreduce_us", "")):
            payload = "" if name == "MPI_Barrier" else f" {r['message_bytes']} B,"
            table.latency(f"{name},{payload} {row['ranks']} ranks", row[key]["median"] * 1e3, note)
    if spawn:
        r = spawn["result"]
        table.latency("thread create + join", r["thread_create_join_us"]["median"] * 1e3)
        table.latency("fork + wait (a process of "
                      f"{r['fork_parent_rss_MiB']:.0f} MiB resident)",
                      r["fork_wait_us"]["median"] * 1e3)
    else:
        table.latency("thread / process / OpenMP spawn", None,
                      "not measured: scalelab-costs --probe spawn")


def add_launches(table, init):
    launch, why = init
    if launch:
        total = launch["mpi"] * 1e9
        table.latency("mpirun -n 1 of an MPI program (launch + MPI_Init + MPI_Finalize)", total)
        table.latency("  of which the launcher alone (mpirun -n 1 true)", launch["launcher"] * 1e9,
                      sort_as=total)
        table.latency("  of which MPI_Init + MPI_Finalize (the difference)",
                      max(launch["mpi"] - launch["launcher"], 0) * 1e9, sort_as=total)
    else:
        table.latency("MPI_Init + MPI_Finalize (fresh mpirun -n 1)", None, why)


def bandwidth_lines(chosen):
    """(what, GB/s, note) of every bandwidth the records measured."""
    memory, pingpong = chosen["memory"], chosen["pingpong"]
    lines = []
    if memory:
        threads = memory["threads"]
        for label, entry, note in memory_rungs(memory):
            if entry:
                lines.append((f"streaming read, {label} ({size_text(entry['bytes'])}, "
                              f"{threads} thread{'s' if threads > 1 else ''})",
                              entry["GB_per_s"]["median"], note))
    if pingpong:
        best = max((e for e in pingpong["result"]["table"] if e["bytes"] > 0),
                   key=lambda e: e["blocking"]["GB_per_s"])
        lines.append((f"MPI message ({size_text(best['bytes'])}, "
                      f"{pingpong['result']['transport']['kind']})",
                      best["blocking"]["GB_per_s"], "best size"))
    return lines


def print_bandwidths(lines, ghz):
    if not lines:
        return
    width = max(len(row[0]) for row in lines)
    print()
    print(f"{'bandwidth':<{width}}  {'GB/s':>8}  {'bytes/cycle':>11}")
    for what, gbs, note in lines:
        per_cycle = f"{gbs / ghz:11.2f}" if ghz else f"{'-':>11}"
        print(f"{what:<{width}}  {gbs:8.2f}  {per_cycle}  {note}".rstrip())


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `latency-table ... | head` ends quietly
    parser = argparse.ArgumentParser(prog="latency-table", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="JSONL record files of scalelab-costs runs")
    parser.add_argument("--ghz", type=float,
                        help="nominal clock in GHz (default: from the records)")
    parser.add_argument("--no-mpi-init", action="store_true",
                        help="do not time fresh mpirun -n 1 launches")
    parser.add_argument("--mpi-init-runs", type=int, default=5,
                        help="launches of each kind to time (default 5)")
    args = parser.parse_args(argv)
    if args.ghz is not None and not args.ghz > 0:
        parser.error("--ghz must be positive")
    if args.mpi_init_runs < 1:
        parser.error("--mpi-init-runs must be at least 1")
    try:
        records, warnings = read_files(args.files)
    except RecordError as error:
        print(f"latency-table: error: {error}", file=sys.stderr)
        return 2
    try:
        chosen = pick_records(records)
        if not any(chosen.values()):
            print("latency-table: error: no verified scalelab-costs records in " +
                  ", ".join(args.files), file=sys.stderr)
            return 2
        ghz, source = clock(chosen, args.ghz)
        table = Table(1 / ghz if ghz else None)
        add_latencies(table, chosen)
        bandwidths = bandwidth_lines(chosen)
        some = next(r for r in chosen.values() if r)
        cpu = (some.get("result", {}).get("cpu") or {}).get("model", "unknown CPU")
        hosts = ", ".join(some["provenance"]["hosts"])
    except UNUSABLE as error:
        print("latency-table: error: the scalelab-costs records lack what the table needs or "
              f"hold null where it needs a number ({type(error).__name__}: {error})",
              file=sys.stderr)
        return 2
    sys.stderr.write(warnings)
    init = (None, "not measured (--no-mpi-init)") if args.no_mpi_init \
        else mpi_init_times(args.mpi_init_runs)
    add_launches(table, init)
    print(f"Latency numbers measured on {hosts} ({cpu})")
    if ghz:
        print(f"one cycle = {1 / ghz:.3f} ns at {ghz:g} GHz nominal, from {source}")
    else:
        print("no clock frequency known (use --ghz): the cycle scale is left out")
    if init[0]:
        print(f"MPI launches timed on {os.uname().nodename}, medians of {args.mpi_init_runs} each")
    print()
    table.print()
    print_bandwidths(bandwidths, ghz)
    return 0


if __name__ == "__main__":
    sys.exit(main())
