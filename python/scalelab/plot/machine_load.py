# SPDX-License-Identifier: MIT
"""What the machine was doing besides the run, from the records' `noise` (driver: /proc on
each node, the worst node reported), and whether a run had a core per rank x thread.

A configuration overlapped foreign load when any of its records saw other processes use
more than FOREIGN_SHARE of the node's CPUs, or steal time above STEAL_SHARE of the wall time
(a virtual machine's host ran something else). Steal is read from /proc/stat in ticks of
STEAL_TICK_S, so a single tick is the reading's resolution, not evidence: on a run of half a
second it alone would exceed STEAL_SHARE. Records without `noise` are not judged.
"""

import os
from collections import Counter

FOREIGN_SHARE = 0.10
STEAL_SHARE = 0.01
STEAL_TICK_S = 0.01  # USER_HZ = 100 on Linux


def foreign_load(run):
    """The worst share of the node's CPUs other processes used during the run's records,
    when it is above the thresholds; None when not (or not measured)."""
    worst = None
    for record in run.records:
        noise = record.get("noise")
        if not isinstance(noise, dict):
            continue
        share = noise.get("foreign_share") or 0.0
        wall = noise.get("wall_s") or 0.0
        steal_s = noise.get("steal_s") or 0.0
        stolen = wall > 0 and steal_s > max(STEAL_SHARE * wall, 1.5 * STEAL_TICK_S)
        if share > FOREIGN_SHARE or stolen:
            steal = steal_s / wall if stolen else 0.0
            worst = max(worst or 0.0, share, steal)
    return worst


def host_cpus(record):
    """CPUs of the run's node: the record's `noise.cpus`; for records without it, this
    machine's (the records are usually analysed where they were made; scripts/model does
    the same)."""
    noise = record.get("noise")
    if isinstance(noise, dict) and isinstance(noise.get("cpus"), int) and noise["cpus"] > 0:
        return noise["cpus"]
    return len(os.sched_getaffinity(0))


def oversubscribed(run):
    """Whether the busiest node had more ranks x threads than CPUs (the run then measures
    time-sharing, not scaling)."""
    record = run.first
    provenance = record.get("provenance") or {}
    placement = provenance.get("placement") or []
    if provenance.get("virtual_cluster"):  # its "hosts" share this one machine's cores
        placement = [{"host": "the machine"} for _ in placement]
    per_host = Counter(p.get("host") for p in placement) or Counter({None: run.ranks})
    return max(per_host.values()) * run.threads > host_cpus(record)
