# SPDX-License-Identifier: MIT
"""The memory figure of one study: peak resident memory per core (left) and summed over
ranks (right) against cores, one line per parallel model through the layouts of its scaling
series, other layouts as hollow markers, the 1-core references (serial, eigen) as single
markers, and what the workload declared as grey crosses. Threads share one copy of the data
and ranks each hold their own, so at equal cores the models separate. Values are the medians
over a configuration's records (scalelab.plot.memory); None when no run of the study recorded its
memory."""

from matplotlib.ticker import FuncFormatter

from scalelab.plot.provenance import footer_line
from scalelab.plot.style import core_axis, footer_lines, model_style, new_figure, shared_legend

MB = 1e6
PANEL_HEIGHT = 3.9
LEGEND_INCHES = 1.0  # title and the shared legend above the panels


LOG_SPAN = 10  # values spanning more than this factor go on a log axis, else from zero


def draw_panel(ax, rows, value):
    for model in dict.fromkeys(row.run.model for row in rows):
        style = model_style(model)
        mine = [row for row in rows if row.run.model == model and value(row) is not None]
        line = sorted((row for row in mine if row.role != "slower layout"),
                      key=lambda row: row.run.cores)
        if line:
            ax.plot([row.run.cores for row in line], [value(row) / MB for row in line],
                    color=style["color"], marker=style["marker"], markersize=7, linewidth=1.6,
                    linestyle="none" if line[0].role == "reference" else "-",
                    label=style["label"], zorder=3)
        others = [row for row in mine if row.role == "slower layout"]
        for row in others:
            ax.scatter([row.run.cores], [value(row) / MB], marker=style["marker"],
                       facecolors="none", edgecolors=style["color"], s=30, zorder=3,
                       label=f"{model}: other layouts")
        for row in line + others if model == "hybrid" else others:
            ax.annotate(row.run.layout, (row.run.cores, value(row) / MB), fontsize=7,
                        color=style["color"], xytext=(5, -10), textcoords="offset points")


def draw_declared(ax, rows, per_core):
    """What the workload declared (memory pre-check), as grey crosses beside the truth."""
    declared = [row for row in rows if row.declared_sum]
    if declared:
        ax.scatter([row.run.cores for row in declared],
                   [row.declared_sum / (row.run.cores if per_core else 1) / MB
                    for row in declared], marker="x", color="#777777", s=40, zorder=4,
                   label="declared by the workload (memory pre-check)")


def y_scale(ax, values):
    """Log when the values span decades (per core falls as 1/p where data is shared), else
    linear from zero so that small differences are not inflated."""
    values = [v for v in values if v]
    if values and max(values) / min(values) > LOG_SPAN:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    else:
        ax.set_ylim(0, max(values + [0]) * 1.15 or 1)


def draw_memory_figure(analysis):
    rows = [row for row in analysis.memory if row.peak_sum is not None]
    if not rows:
        return None
    notes = [analysis.memory_note] if analysis.memory_note else []
    footer = footer_lines(notes, footer_line([r for row in rows for r in row.run.records]),
                          kind="note")
    fig, axes = new_figure(1, 2, PANEL_HEIGHT, footer, header_inches=LEGEND_INCHES)
    fig.suptitle(f"{analysis.study.title}: peak resident memory (median over a "
                 "configuration's records)", fontsize=12, y=1 - 0.12 / fig.get_size_inches()[1])
    panels = [("Per core: sum over ranks / cores", "peak RSS per core [MB]", True),
              ("Sum over ranks (whole run)", "peak RSS, sum over ranks [MB]", False)]
    for ax, (title, ylabel, per_core) in zip(axes.flat, panels):
        def value(row, per_core=per_core):
            return row.per_core if per_core else row.peak_sum
        core_axis(ax, log_y=False)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(ylabel)
        draw_panel(ax, rows, value)
        draw_declared(ax, rows, per_core)
        y_scale(ax, [value(row) / MB for row in rows] +
                [row.declared_sum / (row.run.cores if per_core else 1) / MB
                 for row in rows if row.declared_sum])
        ax.set_xlim(0.8, max(row.run.cores for row in rows) * 1.25)
    shared_legend(fig, axes.flat, top_inches=0.42)
    return fig
