# SPDX-License-Identifier: MIT
"""The scaling figure of one study: four panels on a shared core axis.

Strong: time (log-log, ideal T_base/p), speedup (ideal p), parallel efficiency, Karp-Flatt.
Weak: time (ideal: constant), weak efficiency T1/Tp, scaled speedup, Karp-Flatt.
Every parallel model is one series on the same axes (openmp = vertical, mpi = horizontal,
hybrid), serial and eigen are horizontal reference lines. Bars are 95 % CIs (time: order
statistics of the pooled samples; the rest: bootstrap). A fitted model (Amdahl or
Gustafson) is drawn only where scalelab.plot.extrapolation determined one: dashed, with its 95 %
band, up to where the band stays narrow. Simulated series (scalelab.plot.simulated) are dotted
lines with hollow markers, labelled with their platform and validation status, on the same
axes up to their largest simulated rank count.
"""

import numpy as np

from scalelab.plot.provenance import footer_line
from scalelab.plot.style import (
    FIT_LINESTYLE,
    IDEAL_STYLE,
    core_axis,
    footer_lines,
    mark_flagged,
    model_style,
    new_figure,
    shared_legend,
)

PANEL_HEIGHT = 3.9
SIMULATED_MARKERS = ("o", "s", "^", "D", "v")  # one per simulated platform
LEGEND_INCHES = 1.45  # title and the shared legend above the panels


class Panel:
    """What one panel shows: a point's value (uncertainty.Uncertain, bars from its CI), and
    the fitted curve from the fit's (scaled) speedup over a grid of core counts."""

    def __init__(self, title, ylabel, value, from_speedup, log_y, references=False):
        self.title, self.ylabel, self.log_y = title, ylabel, log_y
        self.value, self.from_speedup = value, from_speedup
        self.references = references


def karp_flatt_curve(speedup, cores):
    return (1.0 / speedup - 1.0 / cores) / (1.0 - 1.0 / cores)


def panels_for(analysis):
    base = analysis.baseline.description if analysis.baseline else \
        "each model's own first run" if analysis.series else "the simulated 1-rank run"
    if analysis.simulated and analysis.series and not analysis.baseline:
        base += "; simulated: the simulated 1-rank run"
    strong = analysis.study.scaling == "strong"

    def time_of(series, speedup, grid):
        b = series.baseline
        return (b.cores * b.time if strong else grid * b.time) / speedup
    # Strong: time falls over decades (log); weak: ideally flat, read best from zero.
    time = Panel("Time per rep (median; bars: 95 % CI)", "time per rep [s]",
                 lambda p: p.run.time, time_of, log_y=strong, references=True)
    kf = Panel("Karp-Flatt serial fraction e(p) = (1/S - 1/p) / (1 - 1/p)",
               "serial fraction e [-]", lambda p: p.karp_flatt,
               lambda s, v, g: karp_flatt_curve(v, g), log_y=False)
    speedup = Panel(f"Speedup over {base}" if strong else "Scaled speedup p x T1/Tp "
                    "(Gustafson)", "speedup [x]" if strong else "scaled speedup [x]",
                    lambda p: p.speedup, lambda s, v, g: v, log_y=True, references=True)
    efficiency = Panel("Parallel efficiency (speedup / cores)" if strong else
                       f"Weak efficiency T1/Tp (T1: {base})",
                       "efficiency [-]" if strong else "weak efficiency [-]",
                       lambda p: p.efficiency, lambda s, v, g: v / g, log_y=False)
    return [time, speedup, efficiency, kf] if strong else [time, efficiency, speedup, kf]


def ideal_curve(panel_index, analysis, series, grid):
    """The perfect-scaling line of a panel for one baseline (Karp-Flatt: e = 0)."""
    base = series.baseline
    strong = analysis.study.scaling == "strong"
    if panel_index == 0:
        return base.time * base.cores / grid if strong else np.full_like(grid, base.time)
    if panel_index == 3:
        return np.zeros_like(grid)
    is_speedup = (panel_index == 1) == strong
    return grid.copy() if is_speedup else np.ones_like(grid)


def draw_ideal(ax, panel_index, analysis, grid):
    baselines = {}
    for series in analysis.series or analysis.simulated:
        baselines.setdefault(series.baseline.description, series)
    for count, series in enumerate(baselines.values()):
        style = dict(IDEAL_STYLE)
        if len(baselines) > 1:  # one ideal per model's own baseline
            style.update(color=model_style(series.model)["color"], alpha=0.35)
        ax.plot(grid, ideal_curve(panel_index, analysis, series, grid),
                label="ideal" if count == 0 else None, zorder=1, **style)
        if panel_index in (1, 2, 3):
            break  # speedup p, efficiency 1 and e = 0 are the same for every baseline


def draw_series(ax, panel, series, flagged, annotate):
    style = model_style(series.model)
    points = [p for p in series.points if panel.value(p) is not None]
    if not points:
        return
    xs = [p.cores for p in points]
    values = [panel.value(p) for p in points]
    ys = [v.value for v in values]
    yerr = [[max(v.value - v.ci[0], 0) if v.ci else 0 for v in values],
            [max(v.ci[1] - v.value, 0) if v.ci else 0 for v in values]]
    label = style["label"] + (" (best layout)" if series.best_of_layouts else "")
    ax.errorbar(xs, ys, yerr=yerr, color=style["color"], marker=style["marker"],
                markersize=7, linewidth=1.6, capsize=3, label=label, zorder=3)
    others = [p for p in series.others if panel.value(p) is not None]
    if others:
        ax.scatter([p.cores for p in others], [panel.value(p).value for p in others],
                   marker=style["marker"], facecolors="none", edgecolors=style["color"],
                   s=30, zorder=3, label=f"{series.model}: other layouts")
    if annotate and (series.best_of_layouts or series.model == "hybrid"):
        for point in points + others:
            ax.annotate(point.run.layout, (point.cores, panel.value(point).value), fontsize=7,
                        color=style["color"], xytext=(5, -10), textcoords="offset points")
    flagged += [(p.cores, panel.value(p).value) for p in points + others if p.flags]


def draw_simulated(ax, panel, analysis):
    """Each simulated series: dotted, hollow markers, bars from the CIs it has."""
    color = model_style("mpi")["color"]
    for index, series in enumerate(analysis.simulated):
        points = [p.point for p in series.points if panel.value(p.point) is not None]
        if not points:
            continue
        values = [panel.value(p) for p in points]
        yerr = [[max(v.value - v.ci[0], 0) if v.ci else 0 for v in values],
                [max(v.ci[1] - v.value, 0) if v.ci else 0 for v in values]]
        ax.errorbar([p.cores for p in points], [v.value for v in values], yerr=yerr,
                    color=color, marker=SIMULATED_MARKERS[index % len(SIMULATED_MARKERS)],
                    markerfacecolor="none", markersize=7, linestyle=":", linewidth=1.6,
                    capsize=3, label=series.label, zorder=3)


def draw_fits(ax, panel, analysis, karp_flatt_panel):
    """Each determined fit over 1..its stop, dashed, with its 95 % band shaded."""
    for series in analysis.series:
        ex = series.extrapolation
        if ex is None or not ex.drawn:
            continue
        keep = ex.grid > 1 if karp_flatt_panel else slice(None)
        grid = ex.grid[keep]
        color = model_style(series.model)["color"]
        with np.errstate(divide="ignore", invalid="ignore"):
            curve = panel.from_speedup(series, ex.curve[keep], grid)
            low = panel.from_speedup(series, ex.low[keep], grid)
            high = panel.from_speedup(series, ex.high[keep], grid)
        ax.fill_between(grid, low, high, color=color, alpha=0.15, linewidth=0, zorder=1)
        ax.plot(grid, curve, linestyle=FIT_LINESTYLE, linewidth=1.2, color=color, alpha=0.85,
                zorder=2, label=f"{series.model}: {ex.law} fit to {ex.stop} cores, f = "
                f"{ex.serial_fraction.value:.3g}")


def draw_references(ax, panel, analysis, flagged):
    for model, point in analysis.references.items():
        style = model_style(model)
        value = panel.value(point).value
        ax.axhline(value, color=style["color"], linestyle=style["linestyle"], linewidth=1.3,
                   label=f"{style['label']} {point.run.layout}", zorder=2)
        if point.flags:
            flagged.append((point.cores, value))


def limits(ax, panel_index, analysis, panel, x_max):
    """Cores up to the farthest fit; linear panels from the measured points and their CIs
    (fitted curves that run off are clipped rather than squeezing the data)."""
    ax.set_xlim(0.8, x_max * 1.25)
    if panel.log_y:
        return
    values = []
    simulated = [p.point for s in analysis.simulated for p in s.points]
    for point in [p for s in analysis.series for p in s.all_points] + simulated:
        value = panel.value(point)
        if value is not None:
            values += [value.value] + list(value.ci or ())
    if panel_index == 3:
        low, high = min(values + [0.0]), max(values + [0.1])
        pad = 0.15 * (high - low)
        ax.set_ylim(low - pad, high + pad)
    else:
        values += [ref.time for ref in analysis.references.values()] if panel_index == 0 \
            else [1.0]  # the ideal efficiency
        ax.set_ylim(0, max(values) * 1.1)


def draw_scaling_figure(analysis):
    study = analysis.study
    footer = footer_lines(analysis.warnings, footer_line(analysis.provenance_records))
    fig, axes = new_figure(2, 2, PANEL_HEIGHT, footer, header_inches=LEGEND_INCHES)
    law = "Amdahl" if study.scaling == "strong" else "Gustafson"
    stops = [s.extrapolation.stop for s in analysis.series
             if s.extrapolation and s.extrapolation.drawn]
    fits = f"dashed = {law} fit with 95 % band, up to {max(stops)} cores" if stops else \
        f"no {law} fit drawn (not determined by these data: see the fits table)"
    fig.suptitle(f"{study.title}: bars = 95 % CI; {fits}", fontsize=12,
                 y=1 - 0.12 / fig.get_size_inches()[1])
    measured_max = analysis.max_cores
    x_max = max(stops + [measured_max] + [s.max_ranks for s in analysis.simulated])
    grid = np.geomspace(1, x_max, 256)
    for index, (ax, panel) in enumerate(zip(axes.flat, panels_for(analysis))):
        core_axis(ax, log_y=panel.log_y)
        ax.set_title(panel.title, fontsize=10)
        ax.set_ylabel(panel.ylabel)
        if analysis.series and x_max > measured_max:
            ax.axvspan(measured_max, x_max * 1.25, color="#999999", alpha=0.08, zorder=0)
        if analysis.series or analysis.simulated:
            draw_ideal(ax, index, analysis, grid if index != 3 else grid[grid > 1])
        flagged = []
        if panel.references:
            draw_references(ax, panel, analysis, flagged)
        draw_fits(ax, panel, analysis, karp_flatt_panel=index == 3)
        for series in analysis.series:
            draw_series(ax, panel, series, flagged, annotate=index == 1)
        draw_simulated(ax, panel, analysis)
        mark_flagged(ax, [x for x, _ in flagged], [y for _, y in flagged], label_once=True)
        if index == 3 and not any(p.karp_flatt is not None for p in
                                  [p for s in analysis.series for p in s.points] +
                                  [p.point for s in analysis.simulated for p in s.points]):
            ax.text(0.5, 0.5, "needs runs on more than one core", transform=ax.transAxes,
                    ha="center", color="#666666")
        limits(ax, index, analysis, panel, x_max)
    shared_legend(fig, axes.flat, top_inches=0.42)
    return fig
