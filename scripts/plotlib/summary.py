"""The generated sentences of a study: what each model reached, the fitted serial fraction,
and where the fitted model says it would be at the extrapolation core count."""

from plotlib import formatting as fmt


def series_name(series):
    return f"{series.model} (best layout per core count)" if series.best_of_layouts \
        else series.model


def strong_sentence(series, extrapolate):
    last = series.points[-1]
    layout = f" as {last.run.layout}" if series.best_of_layouts else ""
    text = f"{series_name(series)} reaches {fmt.times(last.speedup)} on {last.cores} " \
           f"core{'s' if last.cores > 1 else ''}{layout} " \
           f"(efficiency {fmt.percent(last.efficiency)})"
    fit = series.fit
    if fit is None:
        return text + "; one core count only, no fit"
    f = fit.serial_fraction
    text += f"; fitted serial fraction {fmt.fraction(f, fit.serial_fraction_stderr)}"
    if fit.out_of_range():
        return text + f" ({fit.out_of_range()}; not extrapolated)"
    text += f"; extrapolated speedup at {extrapolate} cores: " \
            f"{fmt.times(float(series.fitted_speedup(extrapolate)))}"
    if f > 0:
        limit = series.baseline.time * series.baseline.cores / (fit.t1 * f)
        text += f" (limit {fmt.times(limit)})"
    return text


def weak_sentence(series, extrapolate):
    last = series.points[-1]
    text = f"{series_name(series)} keeps {fmt.percent(last.efficiency)} weak efficiency on " \
           f"{last.cores} core{'s' if last.cores > 1 else ''} (scaled speedup " \
           f"{fmt.times(last.speedup)})"
    fit = series.fit
    if fit is None:
        return text + "; one core count only, no fit"
    text += f"; Gustafson serial fraction " \
            f"{fmt.fraction(fit.serial_fraction, fit.serial_fraction_stderr)}"
    if fit.out_of_range():
        return text + f" ({fit.out_of_range()}; not extrapolated)"
    return text + f"; extrapolated at {extrapolate} cores: scaled speedup " \
                  f"{fmt.times(float(fit.scaled_speedup(extrapolate)))}, efficiency " \
                  f"{fmt.percent(float(fit.efficiency(extrapolate)))}"


def baseline_sentence(analysis):
    if analysis.baseline:
        what = "Speedups are" if analysis.study.scaling == "strong" else "Weak efficiency is"
        return f"{what} relative to the {analysis.baseline.description} " \
               f"({fmt.seconds(analysis.baseline.time)} per rep)."
    return "No serial run: each model is relative to its own run at its smallest core count."


def reference_sentence(analysis):
    eigen = analysis.references.get("eigen")
    if not eigen or not analysis.baseline:
        return None
    return f"eigen (vectorised, 1 core) runs at {fmt.times(eigen.speedup)} the serial speed."


def study_summary(analysis):
    """Sentences: one per parallel model, then the baseline and reference."""
    sentence = strong_sentence if analysis.study.scaling == "strong" else weak_sentence
    lines = [sentence(series, analysis.extrapolate) + "." for series in analysis.series]
    lines.append(baseline_sentence(analysis))
    reference = reference_sentence(analysis)
    if reference:
        lines.append(reference)
    return lines
