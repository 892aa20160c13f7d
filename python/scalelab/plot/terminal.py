# SPDX-License-Identifier: MIT
"""The text output of scripts/plot: per study the verdict, the summary, the derived table,
the fits, the simulated series and their validation, and the warnings; then the roofline
notes and the files written."""

from scalelab.plot.tables import (
    aligned,
    derived_text_rows,
    fit_text_rows,
    memory_text_rows,
    simulated_tables,
)


def study_lines(one):
    lines = [f"== {one.study.title}", f"verdict: {one.verdict}"]
    lines += one.summary
    lines.append("")
    lines += aligned(*derived_text_rows(one))
    lines.append("")
    lines += aligned(*fit_text_rows(one))
    if one.memory_recorded:
        lines += ["", "peak memory:"] + aligned(*memory_text_rows(one))
    for title, note, header, rows in simulated_tables(one):
        lines += ["", f"{title}: {note}"] + aligned(header, rows)
    lines += [f"note: {note}" for note in one.study.notes]
    lines += [f"note: {one.memory_note}"] if one.memory_note else []
    lines += [f"warning: {warning}" for warning in one.warnings]
    return lines + [""]


def report_lines(analysis, outputs):
    lines = []
    for one in analysis.studies:
        lines += study_lines(one)
    lines += [f"warning: {orphan}" for orphan in analysis.orphan_failures]
    lines += [f"note: {note}" for note in analysis.roofline.notes]
    lines.append("wrote: " + " ".join(outputs.all_paths()))
    return lines
