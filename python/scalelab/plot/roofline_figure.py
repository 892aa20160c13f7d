# SPDX-License-Identifier: MIT
"""The roofline figure: measured memory and compute roofs, every placeable run under them,
one colour per workload and one marker per model. None when no roof was measured."""

import matplotlib.lines as mlines
import numpy as np

from scalelab.plot.style import footer_lines, model_style, new_figure

WORKLOAD_COLORS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")


def intensity_range(roofline):
    values = [p.intensity for p in roofline.points]
    if roofline.bandwidth and roofline.peak:
        values.append(roofline.peak.value / roofline.bandwidth.value)  # the ridge point
    low = min(values + [1.0]) / 8
    high = max(values + [1.0]) * 8
    return low, high


def draw_roofs(ax, roofline, grid):
    bandwidth, peak = roofline.bandwidth, roofline.peak
    if bandwidth and peak:
        roof = np.minimum(bandwidth.value * grid, peak.value)
        ax.plot(grid, roof, color="black", linewidth=2, label="roof (measured)")
        ridge = peak.value / bandwidth.value
        ax.axvline(ridge, color="#999999", linestyle=":", linewidth=1)
        ax.annotate(f"ridge {ridge:.3g} flop/B", (ridge, peak.value), fontsize=8,
                    xytext=(4, -14), textcoords="offset points", color="#555555")
    if bandwidth:
        if not peak:
            ax.plot(grid, bandwidth.value * grid, color="black", linewidth=2)
        ax.annotate(f"memory: {bandwidth.value:.3g} GB/s ({bandwidth.source})",
                    (grid[0], bandwidth.value * grid[0]), fontsize=8, rotation=0,
                    xytext=(6, 10), textcoords="offset points")
    if peak:
        if not bandwidth:
            ax.axhline(peak.value, color="black", linewidth=2)
        ax.annotate(f"compute: {peak.value:.3g} GFLOP/s ({peak.source})",
                    (grid[-1], peak.value), fontsize=8, ha="right",
                    xytext=(-6, 6), textcoords="offset points")


def draw_roofline_figure(roofline, provenance):
    if not roofline.available:
        return None
    footer = footer_lines(roofline.notes, provenance, kind="note")
    fig, axes = new_figure(1, 1, 5.0, footer)
    ax = axes[0][0]
    low, high = intensity_range(roofline)
    grid = np.geomspace(low, high, 256)
    draw_roofs(ax, roofline, grid)
    workloads = sorted({p.workload for p in roofline.points})
    for index, workload in enumerate(workloads):
        color = WORKLOAD_COLORS[index % len(WORKLOAD_COLORS)]
        for point in (p for p in roofline.points if p.workload == workload):
            ax.scatter(point.intensity, point.gflops, color=color, s=40, zorder=3,
                       marker=model_style(point.model)["marker"])
            if point.time_block > 1:  # the notes say why it sits where it does
                ax.annotate(f"time-blocked, K={point.time_block}",
                            (point.intensity, point.gflops), fontsize=7, color=color,
                            xytext=(5, -10), textcoords="offset points")
    handles = [mlines.Line2D([], [], color="black", linewidth=2, label="roof (measured)")]
    handles += [mlines.Line2D([], [], color=WORKLOAD_COLORS[i % len(WORKLOAD_COLORS)],
                              marker="o", linestyle="none", label=w)
                for i, w in enumerate(workloads)]
    handles += [mlines.Line2D([], [], color="#555555", linestyle="none",
                              marker=model_style(m)["marker"], label=m)
                for m in sorted({p.model for p in roofline.points})]
    ax.legend(handles=handles, fontsize=8, loc="lower right")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_xlabel("arithmetic intensity [flop/byte]")
    ax.set_ylabel("performance [GFLOP/s]")
    ax.grid(True, which="both", alpha=0.25)
    ax.set_title("Roofline of this machine as measured (roofs: best triad bandwidth, best "
                 "matmul flop rate)", fontsize=11)
    return fig
