# SPDX-License-Identifier: MIT
"""The derived table, the fitted parameters, the simulated series and the simulation's
validation of a study as rows, shared by the CSV files, the terminal output and the
HTML/Markdown reports (which format the same rows)."""

import csv

from scalelab.plot import formatting as fmt


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


def self_name(analysis):
    return "self_speedup" if analysis.study.scaling == "strong" else "self_efficiency"


def baseline_of(analysis, point):
    if analysis.baseline:
        return analysis.baseline.description
    series = next((s for s in analysis.series if point in s.all_points), None)
    return series.baseline.description if series else "-"


def with_ci(name, value):
    """CSV columns name, name_ci_low, name_ci_high."""
    ci = value.ci if value is not None and value.ci else (None, None)
    return {name: None if value is None else value.value, f"{name}_ci_low": ci[0],
            f"{name}_ci_high": ci[1]}


def derived_records(analysis):
    """The derived table as dicts with raw numbers (the CSV); ci_note says why a row has
    no CIs."""
    out = []
    for role, point in point_rows(analysis):
        run = point.run
        row = {"model": run.model, "layout": run.layout, "ranks": run.ranks,
               "threads": run.threads, "cores": run.cores, "role": role, "n": run.n}
        row.update(with_ci("time_median_s", run.time))
        row.update({"time_min_s": run.tmin, "time_max_s": run.tmax})
        row.update(with_ci(speedup_name(analysis), point.speedup))
        row.update(with_ci("efficiency", point.efficiency))
        row.update(with_ci(self_name(analysis), point.self_relative))
        row.update(with_ci("karp_flatt", point.karp_flatt))
        row.update({"ci_note": run.time.reason or "", "flags": " ".join(sorted(point.flags)),
                    "baseline": baseline_of(analysis, point)})
        out.append(row)
    return out


def simulated_records(analysis):
    """The simulated series as dicts with raw numbers (the simulated CSV): a row per
    simulated rank count, then a row per failed simulated run."""
    out = []
    for series in analysis.simulated:
        for simulated in series.points:
            point, run = simulated.point, simulated.point.run
            row = {"platform": series.platform, "ranks": run.ranks, "n": run.n}
            row.update(with_ci("time_median_s", run.time))
            row.update(with_ci(speedup_name(analysis), point.speedup))
            row.update(with_ci("efficiency", point.efficiency))
            row.update({"communication_share": simulated.communication,
                        "simulation_wall_s": simulated.wall_s, "status": "ok",
                        "message": "", "ci_note": run.time.reason or "",
                        "baseline": series.baseline.description,
                        "validation": series.validation.status()})
            out.append(row)
        for record in series.failures:
            out.append({"platform": series.platform, "ranks": record["ranks"],
                        "status": record["status"], "message": failure_message(record),
                        "validation": series.validation.status()})
    return out


def failure_message(record):
    if record["status"] == "failed":
        return f"exit {record.get('exit_code')}: {record.get('message', 'no message')}"
    return "verification failed"


def write_csv(path, analysis):
    return write_rows(path, derived_records(analysis))


def write_simulated_csv(path, analysis):
    return write_rows(path, simulated_records(analysis))


def write_rows(path, rows):
    """Rows (dicts) as CSV, the columns of the longest row; floats with 6 digits."""
    with open(path, "w", newline="") as handle:
        columns = list(max(rows, key=len).keys()) if rows else ["model"]
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else
                                 "" if v is None else v) for k, v in row.items()})
    return path


def derived_text_rows(analysis):
    """The derived table formatted for people (terminal, HTML, Markdown): every value with
    its 95 % CI in brackets, or why it has none."""
    strong = analysis.study.scaling == "strong"
    header = ["model", "layout", "cores", "n", "median time [95 % CI]",
              "speedup" if strong else "scaled speedup",
              "efficiency" if strong else "weak efficiency",
              "self speedup" if strong else "self weak eff.", "Karp-Flatt", "flags"]
    rows = []
    for role, point in point_rows(analysis):
        run = point.run
        model = run.model + (" (slower layout)" if role == "slower layout" else "")
        self_show = fmt.times2 if strong else fmt.percent1
        rows.append([model, run.layout, str(run.cores), str(run.n) if run.n else "-",
                     fmt.compact(fmt.seconds, run.time), fmt.compact(fmt.times2, point.speedup),
                     fmt.compact(fmt.percent1, point.efficiency),
                     fmt.compact(self_show, point.self_relative),
                     fmt.compact(lambda v: fmt.plain(v, 3), point.karp_flatt),
                     ", ".join(sorted(point.flags))])
    return header, rows


def fit_text_rows(analysis):
    """One row per series: law, the core counts it may use, the serial fraction with its
    bootstrap CI, how far it is extrapolated and the value there with its band."""
    strong = analysis.study.scaling == "strong"
    header = ["model", "law", "core counts (a core each)", "serial fraction [95 % CI]",
              "extrapolated to", "speedup there [95 % band]" if strong else
              "scaled speedup there [95 % band]", "why"]
    rows = []
    for series in analysis.series:
        ex = series.extrapolation
        counts = ", ".join(str(c) for c in sorted(set(ex.core_counts))) or "-"
        fraction = fmt.compact(fmt.fraction, ex.serial_fraction)
        if ex.drawn and ex.stop > max(ex.core_counts):
            there = f"{fmt.times2(ex.curve[-1])} [{fmt.times2(ex.low[-1])}, " \
                    f"{fmt.times2(ex.high[-1])}]"
            rows.append([series.model, ex.law, counts, fraction, f"{ex.stop} cores", there,
                         ex.note])
        else:
            rows.append([series.model, ex.law, counts, fraction, "-", "-", ex.note])
    return header, rows


def memory_text_rows(analysis):
    """The study's peak memory per run (scalelab.plot.memory), in the derived table's order: the
    sum over ranks (median over the configuration's n records), per core, the largest rank,
    and what the workload declared beside it."""
    header = ["model", "layout", "cores", "n", "peak RSS, sum over ranks", "per core",
              "largest rank", "declared (sum)", "measured / declared"]
    rows = []
    for row in analysis.memory:
        run = row.run
        ratio = row.measured_over_declared
        rows.append([run.model + (" (slower layout)" if row.role == "slower layout" else ""),
                     run.layout, str(run.cores), str(row.n), fmt.size_bytes(row.peak_sum),
                     fmt.size_bytes(row.per_core), fmt.size_bytes(row.peak_max),
                     fmt.size_bytes(row.declared_sum) if row.declared_sum else "not declared",
                     "-" if ratio is None else f"{ratio:.2f}"])
    return header, rows


def simulated_text_rows(analysis, series):
    """One simulated series for people: per rank count the simulated time, speedup and
    efficiency over the series' baseline with CIs, the communication share, what the
    simulation took; failed runs with their message."""
    strong = analysis.study.scaling == "strong"
    header = ["ranks", "n", "simulated time [95 % CI]",
              "speedup" if strong else "scaled speedup",
              "efficiency" if strong else "weak efficiency", "communication share",
              "simulation wall time", "status"]
    rows = []
    for simulated in series.points:
        point, run = simulated.point, simulated.point.run
        share = "no breakdown" if simulated.communication is None else \
            fmt.percent1(simulated.communication)
        rows.append([str(run.ranks), str(run.n) if run.n else "-",
                     fmt.compact(fmt.seconds, run.time), fmt.compact(fmt.times2, point.speedup),
                     fmt.compact(fmt.percent1, point.efficiency), share,
                     fmt.seconds(simulated.wall_s), "ok" if run.verified else "reported"])
    for record in series.failures:
        rows.append([str(record["ranks"]), "-", "-", "-", "-", "-", "-",
                     f"{record['status']}: {failure_message(record)}"])
    return header, sorted(rows, key=lambda row: int(row[0]))


def signed_percent(value):
    return f"{value * 100:+.1f} %"


def validation_text_rows(validation):
    """The validation rows of a workload: measured against simulated time per rep at the
    layouts this machine measured, the error with its CI, and whether it was judged."""
    header = ["ranks", "nodes", "network", "measured [95 % CI]", "others' CPU share",
              "simulated [95 % CI]", "error [95 % CI]", "goal", "judged"]

    def timed(side):
        ci = side.get("ci")
        text = fmt.seconds(side["median"]) + (
            f" [{fmt.seconds(ci[0])}, {fmt.seconds(ci[1])}]" if ci else " (no CI)")
        return text + (f", n={side['n']}" if side.get("n") else "")
    rows = []
    for row in validation.rows:
        error = "-" if row.get("error") is None else signed_percent(row["error"]) + (
            f" [{signed_percent(row['error_ci'][0])}, {signed_percent(row['error_ci'][1])}]"
            if row.get("error_ci") else " (no CI)")
        foreign = row["measured"].get("foreign_share")
        rows.append([str(row["ranks"]), str(row.get("nodes") or "-"), row["network"],
                     timed(row["measured"]), fmt.percent(foreign) if foreign is not None
                     else "-", timed(row["simulated"]), error, fmt.percent(row["goal"]),
                     "yes" if row["judged"] else
                     f"no: {row.get('why_not_judged') or 'no reason given'}"])
    return header, rows


def simulated_tables(analysis):
    """(title, note, header, rows) of each simulated series' table and, with any, of the
    validation of the workload's simulation: the same tables in every text output."""
    out = []
    for series in analysis.simulated:
        note = (f"{series.label}. Simulated seconds per rep (SimGrid {series.simgrid_version}); "
                f"speedup and efficiency over the {series.baseline.description}; "
                "communication share: the communication phases' share of the run's breakdown "
                "(halo, communication; merge on more than one rank).")
        out.append((f"Simulated: {series.model} on {series.platform}", note)
                   + simulated_text_rows(analysis, series))
    if analysis.simulated:
        validation = analysis.simulated[0].validation
        out.append((f"Simulation validation: {validation.workload}",
                    f"The simulation of {validation.workload} is {validation.status()}.")
                   + validation_text_rows(validation))
    return out


def aligned(header, rows):
    """Rows as fixed-width text lines."""
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    return ["  ".join(str(c).ljust(w) for c, w in zip(line, widths)).rstrip()
            for line in [header] + rows]
