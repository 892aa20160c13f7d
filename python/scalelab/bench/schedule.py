# SPDX-License-Identifier: MIT
"""The order of the runs in a round. The machine's speed drifts, so runs compared with each
other run close together, and every other round runs everything in reverse order (the groups
and the runs inside each), so that no run always runs "warmer" than the one it is compared
with. A group's reference brackets its runs (A B C .. A, or A B A C A)."""


def round_plan(groups, round_number):
    """[(group name, role, run)] for round 1, 2, ...; role is "ref" or "ours"."""
    reverse = round_number % 2 == 0
    plan = []
    for group in (reversed(groups) if reverse else groups):
        runs = list(reversed(group.runs) if reverse else group.runs)
        if group.ref is None:
            plan += [(group.name, "ours", run) for run in runs]
        elif group.bracket == "each":
            for run in runs:
                plan += [(group.name, "ref", group.ref), (group.name, "ours", run)]
            plan.append((group.name, "ref", group.ref))
        elif group.bracket == "ends":
            plan.append((group.name, "ref", group.ref))
            plan += [(group.name, "ours", run) for run in runs]
            plan.append((group.name, "ref", group.ref))
        else:
            raise ValueError(f"group {group.name}: bracket must be 'ends' or 'each'")
    return plan
