# SPDX-License-Identifier: MIT
"""Time breakdown bars: seconds per rep by phase (compute, communication, I/O, ...) for each
run of a study whose records carry the split. None when no run does."""

import numpy as np

from scalelab.plot.provenance import footer_line
from scalelab.plot.style import footer_lines, new_figure

# Fixed colours for the usual phases so every figure reads the same; others cycle.
PHASE_COLORS = {"compute": "#4c72b0", "communication": "#dd8452", "comm": "#dd8452",
                "io": "#55a868", "i/o": "#55a868", "other": "#8c8c8c"}
EXTRA_COLORS = ("#c44e52", "#8172b3", "#937860", "#da8bc3", "#ccb974", "#64b5cd")


def phase_color(phase, index):
    return PHASE_COLORS.get(phase.lower(), EXTRA_COLORS[index % len(EXTRA_COLORS)])


def runs_with_breakdown(analysis):
    return [run for run in analysis.study.runs if run.breakdown]


def draw_breakdown_figure(analysis):
    runs = runs_with_breakdown(analysis)
    if not runs:
        return None
    phases = []
    for run in runs:
        phases += [phase for phase in run.breakdown if phase not in phases]
    footer = footer_lines([], footer_line([r for run in runs for r in run.records]))
    fig, axes = new_figure(1, 1, 4.2, footer)
    ax = axes[0][0]
    x = np.arange(len(runs))
    bottom = np.zeros(len(runs))
    for index, phase in enumerate(phases):
        values = np.array([run.breakdown.get(phase, 0.0) for run in runs])
        ax.bar(x, values, bottom=bottom, color=phase_color(phase, index), label=phase,
               width=0.65)
        bottom += values
    ax.plot(x, [run.median for run in runs], linestyle="none", marker="_", markersize=22,
            color="black", label="median time per rep (whole step)")
    ax.set_xticks(x, [f"{run.model}\n{run.layout}" for run in runs], fontsize=8)
    ax.set_ylabel("seconds per rep")
    ax.set_xlabel("run (model, ranks x threads)")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(f"{analysis.study.title}: time per rep by phase (max over ranks)",
                 fontsize=11)
    return fig
