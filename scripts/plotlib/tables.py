"""The derived table and the fitted parameters of a study as rows, shared by the CSV, the
terminal output and the HTML/Markdown reports (which format the same rows)."""

import csv

from plotlib import formatting as fmt


def point_rows(analysis):
    """(role, point) for every run of the study: series points, slower layouts, references."""
    rows = []
    for series in analysis.series:
        rows += [("series", p) for p in series.points]
        rows += [("slower layout", p) for p in series.others]
    rows += [("reference", p) for p in analysis.references.values()]
    return sorted(rows, key=lambda row: (row[1].cores, row[0] != "reference"))


def speedup_name(analysis):
    return "speedup" if analysis.study.scaling == "strong" else "scaled_speedup"


def baseline_of(analysis, point):
    if analysis.baseline:
        return analysis.baseline.description
    series = next((s for s in analysis.series if point in s.all_points), None)
    return series.baseline.description if series else "-"


def derived_records(analysis):
    """The derived table as dicts with raw numbers (the CSV)."""
    out = []
    for role, point in point_rows(analysis):
        run = point.run
        out.append({
            "model": run.model, "layout": run.layout, "ranks": run.ranks,
            "threads": run.threads, "cores": run.cores, "role": role,
            "time_median_s": run.median, "time_min_s": run.tmin, "time_max_s": run.tmax,
            speedup_name(analysis): point.speedup, "efficiency": point.efficiency,
            "karp_flatt": point.karp_flatt, "flags": " ".join(sorted(point.flags)),
            "baseline": baseline_of(analysis, point)})
    return out


def write_csv(path, analysis):
    rows = derived_records(analysis)
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()) if rows else ["model"])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else
                                 "" if v is None else v) for k, v in row.items()})
    return path


DERIVED_HEADER = ("model", "layout", "cores", "median time", "min-max", "speedup",
                  "efficiency", "Karp-Flatt", "flags")


def derived_text_rows(analysis):
    """The derived table formatted for people (terminal, HTML, Markdown)."""
    header = list(DERIVED_HEADER)
    if analysis.study.scaling == "weak":
        header[5] = "scaled speedup"
        header[6] = "weak efficiency"
    rows = []
    for role, point in point_rows(analysis):
        run = point.run
        model = run.model + (" (slower layout)" if role == "slower layout" else "")
        rows.append([model, run.layout, str(run.cores), fmt.seconds(run.median),
                     f"{fmt.seconds(run.tmin)} - {fmt.seconds(run.tmax)}",
                     fmt.times(point.speedup), fmt.percent(point.efficiency),
                     fmt.plain(point.karp_flatt, 3), ", ".join(sorted(point.flags))])
    return header, rows


def fit_text_rows(analysis):
    """One row per fitted series: model, law, serial fraction, points, extrapolation."""
    strong = analysis.study.scaling == "strong"
    n = analysis.extrapolate
    header = ["model", "law", "serial fraction (± std. error)",
              "T1 (fitted)" if strong else "baseline T1", "points",
              f"speedup at {n} cores" if strong else f"scaled speedup at {n} cores",
              f"efficiency at {n} cores"]
    rows = []
    for series in analysis.series:
        fit = series.fit
        if fit is None:
            rows.append([series.model, "-", "one core count: no fit", "-",
                         str(len(series.points)), "-", "-"])
            continue
        t1 = fit.t1 if strong else series.baseline.time
        at_n = float(series.fitted_speedup(n))
        reason = fit.out_of_range()
        rows.append([series.model, "Amdahl" if strong else "Gustafson",
                     fmt.fraction(fit.serial_fraction, fit.serial_fraction_stderr),
                     fmt.seconds(t1), str(fit.points),
                     fmt.times(at_n) if not reason else f"not extrapolated: {reason}",
                     fmt.percent(at_n / n) if not reason else "-"])
    return header, rows


def aligned(header, rows):
    """Rows as fixed-width text lines."""
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    return ["  ".join(str(c).ljust(w) for c, w in zip(line, widths)).rstrip()
            for line in [header] + rows]
