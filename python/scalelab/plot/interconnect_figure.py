# SPDX-License-Identifier: MIT
"""The interconnect model's figure for a strong-scaling study (scalelab.plot.interconnect):
predicted time per rep and efficiency against ranks up to --extrapolate, one curve per
network profile, with the measured MPI runs as points (coloured by the transport they used)
and, in the title, whether the model is validated on them and its worst error."""

import numpy as np

from scalelab.plot.provenance import footer_line
from scalelab.plot.style import core_axis, footer_lines, new_figure, shared_legend

NETWORK_COLORS = {"shm": "#1f77b4", "tcp-measured": "#d62728", "ib-hdr": "#2ca02c",
                  "eth-100g": "#9467bd", "eth-10g": "#8c564b"}


def draw_interconnect_figure(one, model):
    """The figure of a study's interconnect.InterconnectModel; its validation status is in
    the title, so the figure never stands without it."""
    study = one.study
    study_records = study.records
    curves, counts, checks = model.curves, model.counts, model.checks
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
    fig.suptitle(f"{study.title}: interconnect model, {model.status()}", fontsize=11)
    shared_legend(fig, [time_ax, eff_ax], 0.4, columns=4)
    return fig
