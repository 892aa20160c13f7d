# SPDX-License-Identifier: MIT
"""Simulated against measured time per rep, one row per workload and layout: both medians
with their 95 % CIs, the simulation's error with its bootstrap CI, and whether the row is
judged against the goal.

A row is judged only where the measured run had what the simulation assumes, a core per rank
to itself: no more ranks than this machine's cores, and other processes using less than
FOREIGN_SHARE of the CPUs during the measured runs (their records' noise block). Elsewhere both
numbers are still shown, with the reason the row is not judged.

The rows are written as JSON lines ("kind": "simulation_validation") that scripts/report
reads next to the records, so a report can say which simulated curves are validated.
"""

import datetime
from dataclasses import dataclass

from scalelab.plot.machine_load import FOREIGN_SHARE
from scalelab.plot.uncertainty import bootstrap_medians, interval
from scalelab.stats import median, median_ci

GOAL = 0.15   # the largest |error| a judged row may have


@dataclass(frozen=True)
class Layout:
    """Where the ranks of a validated run are: one node (shared memory) or one rank per
    host of the virtual cluster (TCP)."""
    network: str  # "shared memory" or "tcp"
    ranks: int

    @property
    def nodes(self):
        return 1 if self.network == "shared memory" else self.ranks

    @property
    def label(self):
        return f"{self.network} {self.ranks}"


def pooled_samples(records):
    return [s for r in records for s in r["time"]["samples"]]


def largest_foreign_share(records):
    shares = [(r.get("noise") or {}).get("foreign_share") for r in records]
    return None if any(s is None for s in shares) else max(shares)


def why_not_judged(layout, others, cores):
    if layout.ranks > cores:
        return f"{layout.ranks} ranks on {cores} cores"
    if others is None:
        return "the measured records carry no noise block"
    if others >= FOREIGN_SHARE:
        return f"other processes took {others * 100:.0f} % of the CPUs"
    return None


def compare(workload, layout, measured, simulated, cores, platform, simgrid_version, git_sha):
    """The validation row of one workload and layout from its measured and simulated
    records (every round's), as written to the --out file."""
    real, sim = pooled_samples(measured), pooled_samples(simulated)
    key = f"{workload} {layout.label}"
    errors = bootstrap_medians(sim, "simulated " + key) / bootstrap_medians(real, key) - 1
    others = largest_foreign_share(measured)
    why = why_not_judged(layout, others, cores)
    return {
        "kind": "simulation_validation", "workload": workload, "ranks": layout.ranks,
        "nodes": layout.nodes, "network": layout.network,
        "measured": {"median": median(real), "ci": median_ci(real), "n": len(real),
                     "foreign_share": others},
        "simulated": {"median": median(sim), "ci": median_ci(sim), "n": len(sim)},
        "error": median(sim) / median(real) - 1, "error_ci": interval(errors),
        "judged": why is None, "why_not_judged": why, "goal": GOAL, "platform": platform,
        "simgrid_version": simgrid_version, "git_sha": git_sha,
        "time_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def worst_judged(rows):
    """(largest judged |error|, how many rows were judged); (None, 0) without any."""
    judged = [abs(row["error"]) for row in rows if row["judged"]]
    return (max(judged) if judged else None), len(judged)
