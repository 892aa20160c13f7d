# SPDX-License-Identifier: MIT
"""Calibration from records the toolkit already makes: the per-core compute time of each
workload's unit of work (1-core runs), alpha and beta of shared memory and of TCP (costs
--probe pingpong), and how far the MPI library's collectives are from the textbook tree
(costs --probe collectives)."""

import math
import statistics
from dataclasses import dataclass, field

from scalelab.model.networks import Network
from scalelab.model.workloads import WORKLOADS, NoCalibration, work_units
from scalelab.records import simulation_of

# Models whose 1-core run times the kernel the parallel runs use (serial may be a textbook
# loop, e.g. matmul's): preferred in this order.
COMPUTE_MODELS = ("mpi", "hybrid", "openmp", "serial")


def tree_depth(ranks):
    return math.ceil(math.log2(ranks)) if ranks > 1 else 0


def network_of(record):
    """"shm" or "tcp-measured": how the record's ranks talked, from what the sweep or the
    ping-pong probe wrote, else from the hosts the ranks ran on."""
    provenance = record.get("provenance") or {}
    said = provenance.get("transport") or \
        ((record.get("result") or {}).get("transport") or {}).get("kind")
    if said in ("tcp", "network"):
        return "tcp-measured"
    if said in ("shared-memory", "none"):
        return "shm"
    hosts = {p.get("host") for p in provenance.get("placement") or []}
    return "tcp-measured" if len(hosts) > 1 else "shm"


def is_probe(record, probe):
    return (record.get("workload") == "costs" and record.get("status") == "ok"
            and (record.get("result") or {}).get("probe") == probe)


def median_us(cell):
    return cell["half_round_trip_us"]["median"] * 1e-6


def fit_pingpong(records):
    """alpha: median half round trip of the smallest non-empty message (<= 8 bytes);
    beta: the largest message's time beyond alpha per byte. Medians over records."""
    alphas, betas = [], []
    for record in records:
        rows = [r for r in record["result"]["table"] if r["bytes"] > 0 and r.get("blocking")]
        small = [r for r in rows if r["bytes"] <= 8]
        if not small:
            continue
        alpha = median_us(small[-1]["blocking"])
        alphas.append(alpha)
        largest = rows[-1]
        if largest["bytes"] >= 4096:
            betas.append(max(0.0, median_us(largest["blocking"]) - alpha) / largest["bytes"])
    if not alphas:
        return None
    return statistics.median(alphas), statistics.median(betas) if betas else None


@dataclass
class Calibration:
    seconds_per_unit: dict = field(default_factory=dict)   # workload -> s per unit, 1 core
    # workload -> {k: per-core time per unit with k cores of one host busy / with 1}: what
    # sharing a host's memory bandwidth and caches costs, from openmp runs at k threads
    contention: dict = field(default_factory=dict)
    compute_source: dict = field(default_factory=dict)     # workload -> "pi/mpi 1x1, 3 runs"
    networks: dict = field(default_factory=dict)           # "shm"/"tcp-measured" -> Network
    # network name -> {"bcast": f, "allreduce": f}: measured / (depth x message time)
    collective_factor: dict = field(default_factory=dict)

    def compute(self, workload):
        if workload not in WORKLOADS:
            raise NoCalibration(f"'{workload}' is not a workload the model knows "
                                f"(known: {', '.join(WORKLOADS)})")
        if workload not in self.seconds_per_unit:
            raise NoCalibration(f"no calibration for {workload}: the records hold no "
                                f"verified 1-core {workload} run")
        return self.seconds_per_unit[workload]

    def slowdown(self, workload, busy):
        """Per-core compute slowdown with `busy` cores of one host working (the largest
        measured k <= busy; 1 when no openmp run measured it)."""
        measured = {k: f for k, f in self.contention.get(workload, {}).items() if k <= busy}
        return measured[max(measured)] if measured else 1.0

    def network(self, name):
        if name not in self.networks:
            probe = "a 2-rank costs --probe pingpong record over " + \
                ("shared memory" if name == "shm" else "TCP (e.g. on the virtual cluster)")
            raise NoCalibration(f"no calibration for --network {name}: the records hold no "
                                f"{probe}")
        return self.networks[name]

    def factor(self, network, operation):
        """Measured collectives over this network relative to the tree model; 1 (the
        textbook tree) where they were not measured, e.g. for the published profiles."""
        return self.collective_factor.get(network, {}).get(operation, 1.0)


def calibrate(records):
    """The model's parameters from measured records; simulated ones (scripts/simulate) are
    left out: the model is checked against simulation, never fitted to it."""
    try:
        return calibrate_from([r for r in records if simulation_of(r) is None])
    except (KeyError, TypeError, ZeroDivisionError) as error:
        raise NoCalibration(f"a probe record lacks what the model needs ({error!r})") from None


def calibrate_from(records):
    cal = Calibration()
    ok = [r for r in records if r.get("status") == "ok" and r.get("verified")]
    for workload in WORKLOADS:
        for model in COMPUTE_MODELS:
            runs = [r for r in ok if r.get("workload") == workload and r.get("model") == model
                    and r.get("cores") == 1]
            if runs:
                cal.seconds_per_unit[workload] = statistics.median(
                    r["time"]["median"] / work_units(r) for r in runs)
                cal.compute_source[workload] = f"{workload}/{model} on 1 core, {len(runs)} runs"
                break
    for workload, base in cal.seconds_per_unit.items():
        by_threads = {}
        for r in ok:
            if r.get("workload") == workload and r.get("model") == "openmp" \
                    and r.get("threads", 1) > 1:
                by_threads.setdefault(r["threads"], []).append(
                    r["time"]["median"] * r["threads"] / work_units(r))
        cal.contention[workload] = {k: statistics.median(v) / base
                                    for k, v in sorted(by_threads.items())}
    for name in ("shm", "tcp-measured"):
        fit = fit_pingpong([r for r in records if is_probe(r, "pingpong")
                            and network_of(r) == name])
        if fit:
            alpha, beta = fit
            if beta is None:  # no large message measured: no bandwidth term
                beta = 0.0
            cal.networks[name] = Network(name, alpha, beta, "ping-pong records on this machine")
    for record in (r for r in records if is_probe(r, "collectives")):
        name = network_of(record)
        if name not in cal.networks:
            continue
        message = cal.networks[name].message(record["result"]["message_bytes"])
        for operation in ("bcast", "allreduce"):
            ratios = [row[f"{operation}_us"]["median"] * 1e-6 / (tree_depth(row["ranks"])
                                                                  * message)
                      for row in record["result"]["table"] if row["ranks"] > 1]
            if ratios:
                cal.collective_factor.setdefault(name, {})[operation] = \
                    statistics.median(ratios)
    return cal
