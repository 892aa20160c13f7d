# SPDX-License-Identifier: MIT
"""The report as Markdown for pasting into other documents: the same sections as the HTML
page, figures referenced by file name (they sit beside report.md)."""

import os

from scalelab.plot.html import MEMORY_CAPTION, interconnect_caption, memory_parts, scaling_caption
from scalelab.plot.provenance import provenance_rows
from scalelab.plot.tables import derived_text_rows, fit_text_rows, simulated_tables


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header, rows):
    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def study_lines(one, files):
    study = one.study
    lines = [f"## {study.title}", "", f"**Verdict.** {one.verdict}", ""]
    lines += [f"- {sentence}" for sentence in one.summary] + [""]
    if one.warnings:
        lines += ["**Warnings**", ""] + [f"- {w}" for w in one.warnings] + [""]
    lines += [f"![{study.title}]({os.path.basename(files.figure['png'])})", "",
              f"*{scaling_caption(one)}*", ""]
    if files.breakdown:
        lines += [f"![{study.title}: time breakdown]"
                  f"({os.path.basename(files.breakdown['png'])})", ""]
    if files.interconnect:
        lines += [f"![{study.title}: interconnect model]"
                  f"({os.path.basename(files.interconnect['png'])})", "",
                  f"*{interconnect_caption(one.interconnect)}*", ""]
    lines += [f"### Derived table ({os.path.basename(files.csv)})", ""]
    lines += table(*derived_text_rows(one))
    lines += ["### Fitted models", ""] + table(*fit_text_rows(one))
    memory_table, memory_note = memory_parts(one)
    lines += ["### Peak memory", ""]
    if files.memory:
        lines += [f"![{study.title}: peak memory]({os.path.basename(files.memory['png'])})", "",
                  f"*{MEMORY_CAPTION}*", ""]
    lines += table(*memory_table) if memory_table else []
    lines += [f"{memory_note}.", ""] if memory_note else []
    for index, (title, note, header, rows) in enumerate(simulated_tables(one)):
        where = f" ({os.path.basename(files.simulated_csv)})" if index < len(one.simulated) \
            else ""
        lines += [f"### {title}{where}", "", note, ""] + table(header, rows)
    lines += ["### Provenance", ""] + table(("", "value"), provenance_rows(one.provenance_records))
    if study.notes:
        lines += ["Notes:", ""] + [f"- {note}" for note in study.notes] + [""]
    return lines


def render_markdown(analysis, outputs, inputs, generated):
    lines = ["# ScaleLab scaling report", "",
             f"Records: {', '.join(inputs)}. Generated {generated}.", ""]
    if analysis.orphan_failures:
        lines += ["**Failed studies**", ""] + [f"- {o}" for o in analysis.orphan_failures]
        lines.append("")
    for one in analysis.studies:
        lines += study_lines(one, outputs.studies[one.study.id])
    lines += ["## Roofline", ""]
    if outputs.roofline:
        lines += [f"![roofline]({os.path.basename(outputs.roofline['png'])})", ""]
    lines += [f"- {note}" for note in analysis.roofline.notes]
    return "\n".join(lines) + "\n"
