# SPDX-License-Identifier: MIT
"""Predictions of the model, and its error on the runs that were measured."""

import statistics
from collections import Counter
from dataclasses import dataclass

from scalelab.model.calibration import network_of
from scalelab.model.networks import NO_NETWORK, PUBLISHED
from scalelab.model.workloads import WORKLOADS, size_of
from scalelab.records import simulation_of

# Predicted efficiency below this is "no longer worth the extra ranks" in the report.
EFFICIENCY_FLOOR = 0.5
# The model counts as validated on a point when it is within this of the measured time.
TOLERANCE = 0.25


@dataclass
class Prediction:
    ranks: int
    threads: int
    compute: float
    communication: float

    @property
    def total(self):
        return self.compute + self.communication


def network(calibration, name):
    return PUBLISHED[name] if name in PUBLISHED else calibration.network(name)


def predict(calibration, workload, size, ranks, net, threads=1, share=1.0, busy=None):
    """Seconds per rep on `ranks` x `threads` cores, messages over `net`. `busy`: cores of
    the busiest host at work (default: all ranks x threads on one host), whose sharing of
    memory bandwidth slows each of them as the openmp runs measured; `share` > 1 when the
    cores are oversubscribed (more ranks x threads than one host has cores)."""
    model = WORKLOADS[workload]
    cores = ranks * threads
    per_unit = calibration.compute(workload) * calibration.slowdown(workload, busy or cores)
    compute = model.total_units(size) * per_unit / cores * max(1.0, share)

    def factor(operation):
        return calibration.factor(net.name, operation)
    comm = model.communication(size, ranks, net, factor)
    return Prediction(ranks, threads, compute, comm)


def curve(calibration, workload, size, net, rank_counts, cores_per_host=None):
    """Predictions over rank counts (one core each, hosts of `cores_per_host` cores filled
    one after the other; None: the largest core count the openmp runs measured) and where
    efficiency falls below 50 %."""
    per_host = cores_per_host or max(calibration.contention.get(workload, {}), default=1)
    points = [predict(calibration, workload, size, p, net, busy=min(p, per_host))
              for p in rank_counts]
    base = points[0].total * rank_counts[0]
    below = next((pt.ranks for pt in points if base / (pt.ranks * pt.total) < EFFICIENCY_FLOOR),
                 None)
    return points, base, below


@dataclass
class Check:
    record: dict
    network: str
    predicted: float
    measured: float
    share: float

    @property
    def error(self):
        return (self.predicted - self.measured) / self.measured

    @property
    def judged(self):
        """Whether the run counts for the verdict: its ranks had a core each. Oversubscribed
        runs are predicted (compute shared by the cores) and their error shown, but the
        model has no term for a rank waiting on a message from a peer that is descheduled
        while another rank computes on its core (on this 2-core machine: heat at 4 ranks
        over TCP, 41 % slower than predicted; see docs/analysis.md)."""
        return self.share <= 1


def host_share(record, cores_per_host):
    """How oversubscribed the busiest host was: its ranks x threads over its cores. The
    hosts of the virtual cluster are one machine: their ranks share its cores."""
    provenance = record.get("provenance") or {}
    placement = provenance.get("placement") or []
    if provenance.get("virtual_cluster"):
        placement = [{"host": "the machine"} for _ in placement]
    per_host = Counter(p.get("host") for p in placement) or Counter({None: record["ranks"]})
    return max(per_host.values()) * record["threads"] / cores_per_host


def validate(calibration, records, workload, cores_per_host):
    """Predicted vs measured time per rep for every verified serial/mpi/hybrid run of the
    workload, each over the transport its ranks used; and the runs over a transport the
    records do not calibrate (not checked)."""
    checks, unchecked = [], []
    for record in records:
        if (record.get("workload") != workload or record.get("status") != "ok"
                or simulation_of(record) is not None
                or record.get("model") not in ("serial", "mpi", "hybrid")):
            continue
        name = network_of(record)
        if record["ranks"] > 1 and name not in calibration.networks:
            unchecked.append(record)
            continue
        net = network(calibration, name) if record["ranks"] > 1 else NO_NETWORK
        share = host_share(record, cores_per_host)
        busy = min(cores_per_host, round(share * cores_per_host))
        size = size_of(record)
        pred = predict(calibration, workload, size, record["ranks"], net, record["threads"],
                       share, busy)
        checks.append(Check(record, name, pred.total, record["time"]["median"], share))
    return checks, unchecked


def worst_error(checks):
    """The largest error among the judged runs (one rank per core), None without any."""
    return max((abs(c.error) for c in checks if c.judged), default=None)


def median_error(checks):
    return statistics.median(abs(c.error) for c in checks) if checks else None
