# SPDX-License-Identifier: MIT
"""Which phases of a record's `breakdown` (seconds per rep by phase, slowest rank) are
communication, and the communication share of a run: those phases' seconds over the sum of
all its phases. heat: halo; matmul: communication; wordcount and groupby: merge, on more than
one rank (the partial tables are exchanged between ranks and combined: an upper bound on the
communication); pi and triad write no breakdown."""

COMMUNICATION_PHASES = ("communication", "comm", "halo", "exchange", "reduce", "shuffle")
# Phases that move data between ranks only when there is more than one rank.
ACROSS_RANKS_PHASES = ("merge",)


def communication_share(run):
    """The share of a run's (grouping.Run) breakdown spent communicating, or None when it
    has no breakdown or no communication phase in it."""
    breakdown = run.breakdown or {}
    names = COMMUNICATION_PHASES + (ACROSS_RANKS_PHASES if run.ranks > 1 else ())
    total = sum(breakdown.values())
    comm = sum(v for k, v in breakdown.items() if k.lower() in names)
    return comm / total if total > 0 and comm > 0 else None
