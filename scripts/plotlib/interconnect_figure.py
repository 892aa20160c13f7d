"""The interconnect model's figure for a strong-scaling study (scripts/model's library):
predicted time per rep and efficiency against ranks up to --extrapolate, one curve per
network profile, with the measured MPI runs as points (coloured by the transport they used)
and the model's error on them. None when the records cannot calibrate the study's workload
(no 1-core run of it) or it is not one the model knows; the reason is returned instead."""

import os

import numpy as np

from modellib.calibration import NoCalibration, calibrate
from modellib.networks import PUBLISHED
from modellib.predict import curve, network, validate, worst_error
from modellib.workloads import WORKLOADS, study_size
from plotlib.provenance import footer_line
from plotlib.style import core_axis, footer_lines, new_figure, shared_legend

NETWORK_COLORS = {"shm": "#1f77b4", "tcp-measured": "#d62728", "ib-hdr": "#2ca02c",
                  "eth-100g": "#9467bd", "eth-10g": "#8c564b"}


def rank_counts(up_to):
    return [1 << k for k in range(up_to.bit_length()) if 1 << k <= up_to]


def interconnect_model(one, records):
    """(figure, lines for the terminal), or (None, reason)."""
    study = one.study
    if study.scaling != "strong" or study.workload not in WORKLOADS:
        return None, None
    study_records = study.records
    try:
        cal = calibrate(records)
        cal.compute(study.workload)
        # Measured here: runs with more ranks than this machine has cores shared them.
        checks, _ = validate(cal, study_records, study.workload,
                             cores_per_host=len(os.sched_getaffinity(0)))
        size = study_size(study_records, study.workload)
    except NoCalibration as error:
        return None, f"{study.id}: no interconnect model: {error}"
    names = [n for n in ("shm", "tcp-measured") if n in cal.networks] + list(PUBLISHED)
    counts = rank_counts(max(one.extrapolate, 2))
    curves = {name: curve(cal, study.workload, size, network(cal, name), counts)
              for name in names}

    lines = [f"{study.id}: interconnect model up to {counts[-1]} ranks: " + "; ".join(
        f"{name} efficiency < 50% from {c[2]} ranks" if c[2] else f"{name} >= 50% throughout"
        for name, c in curves.items())]
    worst = worst_error(checks)
    if worst is not None:
        judged = sum(1 for c in checks if c.judged)
        lines.append(f"{study.id}: interconnect model error on {judged} measured runs with a "
                     f"core per rank: worst {worst:.1%}")

    footer = footer_lines([], footer_line(study_records), kind="note")
    fig, axes = new_figure(1, 2, 4.2, footer, header_inches=1.3)
    time_ax, eff_ax = axes[0]
    for name, (points, base, _) in curves.items():
        style = {"color": NETWORK_COLORS[name], "label": f"model: {name}"}
        totals = np.array([p.total for p in points])
        time_ax.plot(counts, totals, **style)
        eff_ax.plot(counts, base / (np.array(counts) * totals), **style)
    for check in checks:
        color = NETWORK_COLORS[check.network]
        ranks = check.record["ranks"] * check.record["threads"]
        label = f"measured ({check.network})"
        time_ax.scatter([ranks], [check.measured], color=color, edgecolors="black", zorder=5,
                        label=label)
    for ax in (time_ax, eff_ax):
        core_axis(ax, log_y=ax is time_ax)
        ax.set_xlabel("cores (measured: ranks x threads; model: one rank per core)")
    eff_ax.axhline(0.5, color="#888888", linestyle=":", linewidth=1)
    time_ax.set_ylabel("time per rep [s]")
    eff_ax.set_ylabel("parallel efficiency [-]")
    eff_ax.set_ylim(0, 1.05)
    time_ax.set_title("Predicted time per rep; points: measured", fontsize=10)
    eff_ax.set_title("Predicted efficiency (dotted: 50 %)", fontsize=10)
    error = f", model error on measured runs: worst {worst:.0%}" if worst is not None else ""
    fig.suptitle(f"{study.title}: interconnect model{error}", fontsize=11)
    shared_legend(fig, [time_ax, eff_ax], 0.4, columns=4)
    return fig, lines
