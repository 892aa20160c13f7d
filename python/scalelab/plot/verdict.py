# SPDX-License-Identifier: MIT
"""The verdict of a study, the paragraph each study's section opens with: how to scale this
workload here (tall: openmp threads, wide: mpi ranks, or hybrid), by how much the choice
matters with the CI of the time ratio, what limits the scaling, and what may be said beyond
the measured core counts (only what a validated model or simulation backs: a simulated series
not validated here is named as shown but not used).

Compared at the largest core count at which the parallel models had a core per rank x thread
(oversubscribed layouts measure time-sharing). A ratio whose 95 % CI contains 1 is
"indistinguishable here": no choice is claimed on that evidence.
"""

from scalelab.plot import formatting as fmt
from scalelab.plot.extrapolation import memory_bound
from scalelab.plot.machine_load import foreign_load, oversubscribed
from scalelab.plot.phases import communication_share
from scalelab.plot.uncertainty import NO_SAMPLES, Uncertain, ratio

WAYS = {"openmp": "tall", "mpi": "wide", "hybrid": "hybrid"}
# Other processes using more than this share of the CPUs while the compared runs ran: the
# verdict then names no way of scaling, whatever the ratios' CIs say, since the runs did not
# get the cores they asked for (on 2 cores: half a core taken away).
BUSY_SHARE = 0.25


def compared_points(one):
    """(cores, best point of each parallel model there) at the largest core count with a
    core each (or the largest at all when every run shared cores)."""
    points = [p for s in one.series if s.model in WAYS for p in s.points]
    fair = [p for p in points if not oversubscribed(p.run)] or points
    if not fair:
        return None, []
    cores = max(p.cores for p in fair)
    return cores, sorted((p for p in fair if p.cores == cores), key=lambda p: p.time)


def named(point):
    return f"{WAYS[point.run.model]} ({point.run.label})"


def bounds(ci):
    """'1.00-1.03' unless rounding would put a bound that excludes 1 on 1.00: then three
    decimals ('1.004-1.031'), so the text never reads as containing 1 when it does not."""
    digits = 3 if any(f"{b:.2f}" == "1.00" and b != 1.0 for b in ci) else 2
    return f"{ci[0]:.{digits}f}-{ci[1]:.{digits}f}"


def comparison(cores, points, busy):
    """The ratios at `cores`; `busy` (the worst foreign share, or None) withholds a choice."""
    best = points[0]
    if len(points) == 1:
        return (f"At {cores} core{'s' if cores > 1 else ''} only {named(best)} was measured: "
                f"{fmt.seconds_ci(best.run.time, best.run.n)} per rep.")
    clauses, clear = [], False
    for other in points[1:]:
        slower = ratio(other.run, best.run)
        if slower.ci is None:
            clauses.append(f"{named(other)} ratio {slower.value:.2f} with {slower.reason}: "
                           "no conclusion")
        elif slower.ci[0] <= 1.0:
            clauses.append(f"{named(other)} indistinguishable here (ratio {slower.value:.2f}, "
                           f"CI {bounds(slower.ci)})")
        else:
            clear = True
            clauses.append(f"{named(other)} takes {slower.value:.2f}x as long (95 % CI "
                           f"{bounds(slower.ci)})")
    if busy is not None and busy > BUSY_SHARE:
        lead = f"At {cores} cores no way of scaling is chosen: the machine was too busy " \
               f"(other processes or the hypervisor used up to {fmt.percent(busy)} of the " \
               f"CPUs) for these ratios to say what a quiet machine would give; " \
               f"{best.run.label} has the " \
               "lowest median"
    elif clear:
        lead = f"At {cores} cores, scale {WAYS[best.run.model]} here: {best.run.label} is " \
               "fastest"
    else:
        lead = f"At {cores} cores no way of scaling is shown better: {best.run.label} has " \
               "the lowest median"
    return f"{lead} ({fmt.seconds_ci(best.run.time, best.run.n)}); {'; '.join(clauses)}."


def foreign_loads(one, points):
    """{label: worst foreign share} of the compared runs and the baseline that overlapped
    foreign load (machine_load's thresholds)."""
    runs = [p.run for p in points] + ([one.baseline.run] if one.baseline else [])
    loaded = {run.label: foreign_load(run) for run in runs}
    return {label: share for label, share in loaded.items() if share is not None}


def caution(loaded):
    """Foreign load during the compared runs or the baseline: the verdict says so at once,
    since a CI describes these measurements, not what a quiet machine would give."""
    if not loaded:
        return None
    return (f"Caution: other processes or the hypervisor used up to "
            f"{fmt.percent(max(loaded.values()))} of the "
            f"CPUs while {', '.join(loaded)} ran (the records' noise): these times include "
            "their interference; repeat on a quiet machine before relying on the comparison.")


def against_baseline(one, best):
    if one.baseline is None:
        return None
    what = "efficiency" if one.study.scaling == "strong" else "weak efficiency"
    return f"{best.run.label}'s {what} is {fmt.percent_ci(best.efficiency)} against the " \
           f"{one.baseline.sentence()}."


def imbalance(run):
    """The largest load imbalance (max busy / mean busy) a record reports, or None."""
    found = []
    for record in run.records:
        for section in (record.get("result"), record.get("fom")):
            if isinstance(section, dict):
                candidates = [section] + [v for v in section.values() if isinstance(v, dict)]
                found += [c["imbalance"] for c in candidates
                          if isinstance(c.get("imbalance"), (int, float))]
    return max(found) if found else None


def limits(one, points, roofline):
    """What limits scaling, from what the records measured."""
    best = points[0]
    found = []
    bound = memory_bound(one.study, roofline)
    if bound:
        moved = (best.run.first.get("work") or {}).get("bytes_per_rep", 0)
        if roofline.bandwidth and moved > 0:
            roof = roofline.bandwidth
            rate = best.run.time.decreasing(lambda seconds: moved / seconds / 1e9)
            ceiling = Uncertain(roof.value, roof.ci, None if roof.ci else NO_SAMPLES)
            found.append(f"memory bandwidth: {best.run.label} moves {fmt.rate_ci(rate)}, "
                         f"{fmt.percent(rate.value / roof.value)} of the measured ceiling "
                         f"{fmt.rate_ci(ceiling)} ({roof.source})")
        else:
            found.append(f"{bound}; the input measures no bandwidth ceiling to compare with")
    for point in points:
        share = communication_share(point.run)
        if share is not None:
            found.append(f"communication is {fmt.percent(share)} of {point.run.label}'s time "
                         "(record breakdown)")
        ratio_busy = imbalance(point.run)
        if ratio_busy is not None and ratio_busy > 1.05:
            found.append(f"load imbalance {ratio_busy:.2f} (max/mean busy) in "
                         f"{point.run.label}")
    if not found:
        if best.efficiency.above(0.9) or best.efficiency.contains(1.0):
            return "Nothing limits scaling visibly at this core count (compute-bound, " \
                   "efficiency consistent with 100 % or above 90 %)."
        return "Limit: compute-side losses the records do not break down (no breakdown, " \
               "no imbalance reported)."
    return "Limits: " + "; ".join(found) + "."


def simulation_sentences(one, cores):
    """(whether a validated simulation is cited, a sentence per simulated series): a
    validated one reaching beyond `cores` is cited; one not validated is never a prediction."""
    cited, sentences = False, []
    what = "efficiency" if one.study.scaling == "strong" else "weak efficiency"
    for series in one.simulated:
        name = f"the simulation of {series.model} on {series.platform}"
        if not series.validation.validated:
            sentences.append(f"{name[0].upper()}{name[1:]} (up to {series.max_ranks} ranks) is "
                             f"shown but not used for the verdict: "
                             f"{series.validation.status()}.")
        elif series.max_ranks > cores:
            cited = True
            last = series.points[-1]
            share = "no breakdown of its time" if last.communication is None else \
                f"communication {fmt.percent(last.communication)} of its time"
            lead = f"Beyond the measured cores, {name}" if cores else name[0].upper() + name[1:]
            sentences.append(
                f"{lead} (SimGrid {series.simgrid_version}), "
                f"validated here within {fmt.percent(series.validation.worst)}, gives "
                f"{what} {fmt.percent_ci(last.point.efficiency)} at {last.ranks} simulated "
                f"ranks against the {series.baseline.description}, {share} there.")
    return cited, sentences


def prediction(one, cores):
    cited, simulations = simulation_sentences(one, cores)
    model = one.interconnect
    if model is not None and model.validated:
        below = [f"{name} from {c[2]} ranks" for name, c in model.curves.items() if c[2]]
        told = f"efficiency below 50 %: {'; '.join(below)}" if below else \
            f"efficiency of 50 % or more on every network up to {model.counts[-1]} ranks"
        first = f"The interconnect model is {model.status()}; it predicts {told}."
    elif cited:
        first = f"The interconnect model is {model.status()}." if model is not None else None
    else:
        why = f" (the interconnect model is {model.status()})" if model is not None else ""
        first = f"No validated model or simulation backs a prediction beyond {cores} cores{why}."
    return " ".join(s for s in [first] + simulations if s)


def study_verdict(one, roofline):
    cores, points = compared_points(one)
    if not points:
        lead = "Nothing measured here: no verdict." if one.study.simulated_only else \
            "No parallel run (openmp, mpi, hybrid) to compare: no verdict."
        return " ".join([lead] + simulation_sentences(one, 0)[1])
    loaded = foreign_loads(one, points)
    busy = max(loaded.values()) if loaded else None
    sentences = [comparison(cores, points, busy), caution(loaded),
                 against_baseline(one, points[0]),
                 limits(one, points, roofline), prediction(one, cores)]
    return " ".join(s for s in sentences if s)
