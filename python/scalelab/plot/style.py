# SPDX-License-Identifier: MIT
"""Look shared by every figure: one colour and marker per model (the same in every plot, so
vertical and horizontal scaling are told apart at a glance), the log2 core axis, the
warnings and provenance footer, and saving in each requested format."""

import textwrap

import matplotlib

matplotlib.use("Agg")  # no display: files only
matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text: searchable, smaller
matplotlib.rcParams["svg.hashsalt"] = "scalelab"  # stable ids: same input, same file
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

MODEL_STYLES = {
    "openmp": {"color": "#1f77b4", "marker": "^", "label": "openmp (vertical: threads)"},
    "mpi": {"color": "#d62728", "marker": ">", "label": "mpi (horizontal: ranks)"},
    "hybrid": {"color": "#2ca02c", "marker": "D", "label": "hybrid (ranks x threads)"},
    "serial": {"color": "#000000", "marker": "o", "label": "serial", "linestyle": ":"},
    "eigen": {"color": "#9467bd", "marker": "s", "label": "eigen (SIMD, 1 core)",
              "linestyle": "-."},
}
OTHER_COLORS = ("#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#ff7f0e")
FLAG_COLOR = "#e6550d"
IDEAL_STYLE = {"color": "#888888", "linestyle": "-", "linewidth": 1.0, "alpha": 0.8}
FIT_LINESTYLE = "--"
FOOTER_FONTSIZE = 7.5
WRAP_COLUMNS = 190


def model_style(model):
    if model in MODEL_STYLES:
        return MODEL_STYLES[model]
    color = OTHER_COLORS[sum(map(ord, model)) % len(OTHER_COLORS)]
    return {"color": color, "marker": "o", "label": model}


def core_axis(ax, log_y=True):
    """Cores on a log2 axis labelled with plain numbers."""
    ax.set_xscale("log", base=2)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel("cores (ranks x threads)")
    ax.grid(True, which="major", alpha=0.3)


def mark_flagged(ax, xs, ys, label_once):
    """A ring around points a warning is about."""
    if not xs:
        return
    ax.scatter(xs, ys, s=220, facecolors="none", edgecolors=FLAG_COLOR, linewidths=1.6,
               zorder=5, label="flagged: see warnings" if label_once else None)


def footer_lines(warnings, provenance, kind="warning"):
    """(text, is_warning) lines, wrapped to the figure's width; kind "note" for remarks."""
    lines = []
    for warning in warnings:
        lines += [(text, kind == "warning") for text in textwrap.wrap(
            f"{kind}: {warning}", WRAP_COLUMNS, subsequent_indent="    ")]
    lines += [(text, False) for text in textwrap.wrap(provenance, WRAP_COLUMNS)]
    return lines


def new_figure(rows, cols, panel_height, footer, header_inches=0.55):
    """A figure of rows x cols panels with room above for the title (and a legend) and
    below for the footer lines."""
    footer_inches = 0.35 + 0.15 * len(footer)
    height = rows * panel_height + footer_inches + header_inches + 0.15
    fig, axes = plt.subplots(rows, cols, figsize=(13, height), squeeze=False)
    fig.subplots_adjust(left=0.07, right=0.98, top=1 - header_inches / height,
                        bottom=(footer_inches + 0.45) / height, hspace=0.42, wspace=0.22)
    for index, (text, is_warning) in enumerate(footer):
        fig.text(0.01, (footer_inches - 0.1 - 0.15 * index) / height, text,
                 fontsize=FOOTER_FONTSIZE, color=FLAG_COLOR if is_warning else "#333333",
                 family="monospace", va="top")
    return fig, axes


def shared_legend(fig, axes, top_inches, columns=4):
    """One legend for all panels, under the title: every label once."""
    seen = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            seen.setdefault(label, handle)
    height = fig.get_size_inches()[1]
    fig.legend(list(seen.values()), list(seen.keys()), loc="upper center", ncol=columns,
               fontsize=8, frameon=False, bbox_to_anchor=(0.5, 1 - top_inches / height))


def save_figure(fig, out_dir, name, formats):
    """Writes name.<format> for each format; returns {format: path}."""
    paths = {}
    for fmt in formats:
        path = f"{out_dir}/{name}.{fmt}"
        fig.savefig(path, format=fmt, dpi=110, metadata={"Date": None} if fmt == "svg" else None)
        paths[fmt] = path
    plt.close(fig)
    return paths
