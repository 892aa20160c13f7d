"""Shared by the script tests: paths, running a script, and synthetic run records whose
times follow a known law, so the expected speedups and fitted parameters are exact."""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(REPO, "scripts")
FIXTURES = os.path.join(HERE, "fixtures")
PYTHON = "/usr/bin/python3"

sys.path.insert(0, SCRIPTS)


def out_dir(name):
    """A fresh directory for one test's outputs, under the ctest working directory (the
    build tree), kept after the test for inspection."""
    path = os.path.join(os.getcwd(), "scripts-out", name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def run_script(name, *args):
    return subprocess.run([PYTHON, os.path.join(SCRIPTS, name), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def write_jsonl(path, records, trailing=""):
    with open(path, "w") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
        handle.write(trailing)
    return path


def record(workload, model, ranks, threads, median, scaling="strong", size=1_000_000,
           spread=0.02, bytes_per_rep=0.0, flops_per_rep=0.0, breakdown=None,
           size_per_core=None, status="ok", host="testhost", sha="0123456789abcdef"):
    """A complete record as the driver writes it, time min/max at +-spread of the median."""
    cores = ranks * threads
    global_size = size * cores if scaling == "weak" else size
    return {
        "workload": workload, "model": model, "variant": f"{workload}/{model}",
        "scaling": scaling, "size": global_size,
        "size_per_core": size_per_core if size_per_core is not None else global_size / cores,
        "params": {}, "ranks": ranks, "threads": threads, "cores": cores, "reps": 3,
        "warmup": 1, "seed": 42,
        "time": {"min": median * (1 - spread), "median": median, "mean": median,
                 "max": median * (1 + spread), "stddev": median * spread / 2},
        "fom": {"things_per_s": size / median},
        "work": {"bytes_per_rep": bytes_per_rep, "flops_per_rep": flops_per_rep},
        "breakdown": breakdown, "verified": status == "ok", "check": {"passed": True},
        "result": {},
        "provenance": {"hosts": [host], "compiler": "GNU 12.2.0",
                       "mpi_library": "Open MPI v4.1.4", "git_sha": sha,
                       "time_utc": "2026-11-22T01:00:00Z",
                       "command": [f"scalelab-{workload}", "--size", str(size)]},
        "status": status}


def failed_record(workload, model, ranks, threads, scaling="strong", size="1M",
                  message="scalelab-x: error: boom"):
    """A failed run as the sweep records it (fewer keys, size as given on the command)."""
    return {"workload": workload, "model": model, "variant": f"{workload}/{model}",
            "scaling": scaling, "size": size, "ranks": ranks, "threads": threads,
            "cores": ranks * threads, "reps": 3, "verified": False, "status": "failed",
            "exit_code": 3, "message": message,
            "sweep": {"key": f"{workload}/{model} {scaling} size={size} {ranks}x{threads}",
                      "command": ["mpirun", "-n", str(ranks), f"scalelab-{workload}",
                                  "--size", size]}}


def amdahl_time(t1, f, cores):
    return t1 * (f + (1 - f) / cores)


def strong_study(f_openmp=0.1, f_mpi=0.2, t1=1.0):
    """pi-like strong study: serial and eigen references, openmp and mpi following Amdahl
    exactly at 1..8 cores, hybrid with two layouts at 4 cores (2x2 the faster)."""
    records = [record("synth", "serial", 1, 1, t1), record("synth", "eigen", 1, 1, t1 / 2)]
    for cores in (1, 2, 4, 8):
        records.append(record("synth", "openmp", 1, cores, amdahl_time(t1, f_openmp, cores)))
        records.append(record("synth", "mpi", cores, 1, amdahl_time(t1, f_mpi, cores)))
    records.append(record("synth", "hybrid", 2, 2, amdahl_time(t1, f_openmp, 4)))
    records.append(record("synth", "hybrid", 4, 1, amdahl_time(t1, f_mpi, 4)))
    records.append(record("synth", "hybrid", 1, 1, t1))
    return records


def gustafson_time(t1, alpha, cores):
    """Weak-scaling time whose scaled speedup p * T1 / T(p) is p - alpha (p - 1)."""
    return cores * t1 / (cores - alpha * (cores - 1))
