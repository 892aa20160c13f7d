# SPDX-License-Identifier: MIT
"""Shared by the script tests: paths, running a script, and synthetic run records whose
times follow a known law, so the expected speedups and fitted parameters are exact."""

import json
import os
import shutil
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(REPO, "scripts")
PACKAGE_ROOT = os.path.join(REPO, "python")
FIXTURES = os.path.join(HERE, "fixtures")
PYTHON = "/usr/bin/python3"



def out_dir(name):
    """A fresh directory for one test's outputs, under the ctest working directory (the
    build tree), kept after the test for inspection."""
    path = os.path.join(os.getcwd(), "scripts-out", name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def run_script(name, *args):
    """Runs scripts/<name> (its launcher, with this interpreter)."""
    return subprocess.run([os.path.join(SCRIPTS, name), *map(str, args)], capture_output=True,
                          text=True, timeout=120, env=dict(os.environ, SCALELAB_PYTHON=PYTHON))


def write_jsonl(path, records, trailing=""):
    with open(path, "w") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
        handle.write(trailing)
    return path


def lognormal_samples(median, n, sigma=0.02, seed=1):
    """n per-rep times around a true median: lognormal, so skewed like real run times."""
    rng = np.random.default_rng(seed)
    return [float(t) for t in median * np.exp(rng.normal(0.0, sigma, n))]


def quiet_noise(cpus=64, foreign_share=0.0, steal_s=0.0, wall_s=1.0):
    """The driver's `noise` object of a run on a node with `cpus` CPUs (64: the synthetic
    studies' 8 cores each have one) and the given foreign load."""
    return {"loadavg_1m": 0.1, "wall_s": wall_s, "cpus": cpus,
            "busy_cpu_s": foreign_share * wall_s * cpus, "own_cpu_s": 0.0,
            "foreign_cpu_s": foreign_share * wall_s * cpus, "foreign_share": foreign_share,
            "steal_s": steal_s, "freq_mhz": 2000.0}


def record(workload, model, ranks, threads, median, scaling="strong", size=1_000_000,
           spread=0.02, bytes_per_rep=0.0, flops_per_rep=0.0, breakdown=None,
           size_per_core=None, status="ok", host="testhost", sha="0123456789abcdef",
           samples=None, noise=None):
    """A complete record as the driver writes it, time min/max at +-spread of the median.
    With samples (per-rep seconds), time.samples and min/median/max come from them."""
    if samples is not None:
        median = float(np.median(samples))
    cores = ranks * threads
    global_size = size * cores if scaling == "weak" else size
    return {
        "workload": workload, "model": model, "variant": f"{workload}/{model}",
        "scaling": scaling, "size": global_size,
        "size_per_core": size_per_core if size_per_core is not None else global_size / cores,
        "params": {}, "ranks": ranks, "threads": threads, "cores": cores, "reps": 3,
        "warmup": 1, "seed": 42,
        "time": {"min": min(samples) if samples else median * (1 - spread),
                 "median": median, "mean": median,
                 "max": max(samples) if samples else median * (1 + spread),
                 "stddev": median * spread / 2, **({"samples": samples} if samples else {})},
        "fom": {"things_per_s": size / median},
        "work": {"bytes_per_rep": bytes_per_rep, "flops_per_rep": flops_per_rep},
        "breakdown": breakdown, "verified": status == "ok", "check": {"passed": True},
        "result": {},
        "provenance": {"hosts": [host], "compiler": "GNU 12.2.0",
                       "mpi_library": "Open MPI v4.1.4", "git_sha": sha,
                       "time_utc": "2026-11-22T01:00:00Z",
                       "command": [f"scalelab-{workload}", "--size", str(size)]},
        "noise": noise or quiet_noise(), "status": status}


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


def simulated_record(workload, ranks, median, platform="ib-hdr-fat-tree", samples=None,
                     breakdown=None, status="ok", wall_s=1.5, **kwargs):
    """A record as scripts/simulate writes it: an mpi run with provenance.simulation (a
    failed one with status "failed" and its message)."""
    if status == "failed":
        out = failed_record(workload, "mpi", ranks, 1, message="smpirun: killed after 60 s",
                            **kwargs)
        out["provenance"] = {}
    else:
        out = record(workload, "mpi", ranks, 1, median, samples=samples, breakdown=breakdown,
                     status=status, host="node-0", **kwargs)
    out["provenance"]["simulation"] = {
        "engine": "SimGrid SMPI", "simgrid_version": "3.32", "platform": "/tmp/p.xml",
        "platform_name": platform, "host_speed_flops": 1e9, "config": [], "wall_s": wall_s}
    return out


def validation_row(workload, ranks, error, judged=True, why_not_judged=None, goal=0.15,
                   time_utc="2026-12-06T23:10:00Z"):
    """One row of scripts/validate-simulation (its "kind" sets it apart from records)."""
    measured = 1.0 / ranks
    return {"kind": "simulation_validation", "workload": workload, "ranks": ranks, "nodes": 1,
            "network": "shared memory",
            "measured": {"median": measured, "ci": [measured * 0.98, measured * 1.02], "n": 27,
                         "foreign_share": 0.01},
            "simulated": {"median": measured * (1 + error), "ci": None, "n": 27},
            "error": error, "error_ci": [error - 0.02, error + 0.02], "judged": judged,
            "why_not_judged": why_not_judged, "goal": goal,
            "platform": "this machine, 1 node of 2 cores, shared memory 0.35 us 9.2 GB/s",
            "simgrid_version": "3.32", "git_sha": "0123456789", "time_utc": time_utc}


def amdahl_time(t1, f, cores):
    return t1 * (f + (1 - f) / cores)


def strong_study(f_openmp=0.1, f_mpi=0.2, t1=1.0, samples=0, sigma=0.01):
    """pi-like strong study: serial and eigen references (serial the fastest 1-core run),
    openmp and mpi following Amdahl at 1..8 cores, hybrid with two layouts at 4 cores (2x2
    the faster). samples > 0: that many lognormal per-rep times per record around the law's
    time (seeded per record); 0: records without time.samples (exact medians)."""
    seeds = iter(range(1, 100))

    def make(model, ranks, threads, median):
        reps = lognormal_samples(median, samples, sigma, next(seeds)) if samples else None
        return record("synth", model, ranks, threads, median, samples=reps)
    records = [make("serial", 1, 1, t1), make("eigen", 1, 1, t1 * 1.25)]
    for cores in (1, 2, 4, 8):
        records.append(make("openmp", 1, cores, amdahl_time(t1, f_openmp, cores) * (
            1.001 if cores == 1 else 1)))  # a hair slower: serial stays the baseline
        records.append(make("mpi", cores, 1, amdahl_time(t1, f_mpi, cores) * (
            1.002 if cores == 1 else 1)))
    records.append(make("hybrid", 2, 2, amdahl_time(t1, f_openmp, 4)))
    records.append(make("hybrid", 4, 1, amdahl_time(t1, f_mpi, 4)))
    records.append(make("hybrid", 1, 1, t1 * 1.003))
    return records


def gustafson_time(t1, alpha, cores):
    """Weak-scaling time whose scaled speedup p * T1 / T(p) is p - alpha (p - 1)."""
    return cores * t1 / (cores - alpha * (cores - 1))


def only_study(records, extrapolate=64):
    """The analysis of records that form exactly one study."""
    from scalelab.plot.analysis import analyze
    analysis = analyze(records, extrapolate)
    assert len(analysis.studies) == 1, [s.study.id for s in analysis.studies]
    return analysis.studies[0]


def series_of(one, model):
    return next(s for s in one.series if s.model == model)
