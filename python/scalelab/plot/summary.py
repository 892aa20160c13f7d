# SPDX-License-Identifier: MIT
"""The generated sentences of a study after its verdict: what each model reached (with CIs,
against the study's baseline and against its own 1-core run), what its fit determines and
how far it is extrapolated, the baseline and the references."""

from scalelab.plot import formatting as fmt


def series_name(series):
    return f"{series.model} (best layout per core count)" if series.best_of_layouts \
        else series.model


def reached(series, strong):
    """At the largest core count with a core per rank x thread (else the largest)."""
    fair = [p for p in series.points if "oversubscribed" not in p.flags]
    last = (fair or series.points)[-1]
    layout = f" as {last.run.layout}" if series.best_of_layouts else ""
    plural = "s" if last.cores > 1 else ""
    if strong:
        text = f"{series_name(series)} reaches {fmt.times_ci(last.speedup)} on {last.cores} " \
               f"core{plural}{layout} (efficiency {fmt.percent_ci(last.efficiency)})"
    else:
        text = f"{series_name(series)} keeps {fmt.percent_ci(last.efficiency)} weak " \
               f"efficiency on {last.cores} core{plural}{layout} (scaled speedup " \
               f"{fmt.times_ci(last.speedup)})"
    if last.self_relative is not None and last.cores > 1:
        what = "its own 1-core run" if strong else "its own 1-core time"
        text += f"; {fmt.times_ci(last.self_relative)} over {what}" if strong else \
            f"; {fmt.percent_ci(last.self_relative)} of {what}"
    return text


def fitted(series):
    extrapolation = series.extrapolation
    if extrapolation is None:
        return ""
    if extrapolation.serial_fraction is None:
        return f"; {extrapolation.note}"
    return f"; {extrapolation.law} serial fraction " \
           f"{fmt.fraction_ci(extrapolation.serial_fraction)}; {extrapolation.note}"


def baseline_sentence(analysis):
    if analysis.study.simulated_only:
        return "Nothing measured: each simulated series is relative to its simulated 1-rank " \
            "run."
    if analysis.baseline:
        what = "Speedups are" if analysis.study.scaling == "strong" else "Weak efficiency is"
        return f"{what} relative to the {analysis.baseline.sentence()}."
    return "No verified 1-core run: each model is relative to its own run at its smallest " \
           "core count."


def reference_sentence(analysis):
    eigen = analysis.references.get("eigen")
    serial = analysis.references.get("serial")
    if not eigen or not serial or not analysis.baseline:
        return None
    return f"eigen (vectorised, 1 core) runs at {fmt.times_ci(eigen.speedup)} and serial at " \
           f"{fmt.times_ci(serial.speedup)} the baseline's speed."


def study_summary(analysis):
    """Sentences: one per parallel model, then the baseline and reference."""
    strong = analysis.study.scaling == "strong"
    lines = [reached(series, strong) + fitted(series) + "." for series in analysis.series]
    lines.append(baseline_sentence(analysis))
    reference = reference_sentence(analysis)
    if reference:
        lines.append(reference)
    return lines
