# SPDX-License-Identifier: MIT
"""The report as one self-contained HTML page: figures embedded as data: URIs, styles inline,
nothing fetched from the network, so it can be mailed or archived as a single file.

A small inline script marks <body data-images-loaded="all|missing"> once the page has loaded,
so a headless browser can confirm every figure decoded (the page works without it)."""

import base64
import html
import os

from scalelab.plot.provenance import provenance_rows
from scalelab.plot.tables import (
    derived_text_rows,
    fit_text_rows,
    memory_text_rows,
    simulated_tables,
)

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 1250px;
       color: #222; padding: 0 1em; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2em;
       margin-top: 2em; }
.meta { color: #666; font-size: 0.9em; }
ul.summary li { margin: 0.25em 0; }
p.verdict { background: #f4f8fb; border-left: 4px solid #1f77b4; padding: 0.5em 0.8em; }
ul.warnings li { color: #a63603; }
img { max-width: 100%; border: 1px solid #eee; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
th { background: #f3f3f3; }
td.flag { color: #a63603; }
nav a { margin-right: 1em; }
"""

IMAGE_CHECK = """
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var loaded = images.every(function (img) { return img.complete && img.naturalWidth > 0; });
  document.body.setAttribute("data-image-count", String(images.length));
  document.body.setAttribute("data-images-loaded", loaded ? "all" : "missing");
});
"""


def esc(text):
    return html.escape(str(text), quote=True)


def data_uri(path):
    with open(path, "rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode("ascii")


def table(header, rows, flag_column=None):
    out = ["<table>", "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            css = ' class="flag"' if index == flag_column and cell else ""
            cells.append(f"<td{css}>{esc(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out + ["</table>"])


def figure(path, alt, caption):
    return (f'<figure><img src="{data_uri(path)}" alt="{esc(alt)}">'
            f"<figcaption class=\"meta\">{esc(caption)}</figcaption></figure>")


def bullet_list(items, css):
    if not items:
        return ""
    return f'<ul class="{css}">' + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def scaling_caption(one):
    """What the scaling figure shows (shared by the HTML and Markdown reports)."""
    drawn = [f"{s.model} to {s.extrapolation.stop} cores" for s in one.series
             if s.extrapolation and s.extrapolation.drawn]
    fits = ("Dashed with a shaded 95 % band: fitted model, extrapolated " + ", ".join(drawn)
            + ".") if drawn else "No fit drawn: see Fitted models for why."
    simulated = [f"{s.name} ({s.validation.status()})" for s in one.simulated]
    simulation = (" Hollow markers on dotted lines: " + "; ".join(simulated) + "; simulated "
                  "seconds, never used for baselines, fits or the comparison.") \
        if simulated else ""
    return ("Median time per rep of the pooled samples; bars: 95 % CI (time: order "
            "statistics; speedup and efficiency: bootstrap). " + fits + simulation)


MEMORY_CAPTION = ("Peak resident memory (VmHWM) per core and summed over ranks, the median over "
                  "a configuration's records. Threads share one copy of the data, ranks each "
                  "hold their own: replicated data and each rank's MPI runtime make the sum "
                  "grow with ranks.")


def memory_parts(one):
    """The memory table and its note (shared by the HTML and Markdown reports): the table
    when any run recorded its memory, the note when some or all did not."""
    header, rows = memory_text_rows(one)
    return (header, rows) if one.memory_recorded else None, \
        one.memory_note


def interconnect_caption(model):
    """The interconnect figure never appears without its validation status."""
    caption = f"Predicted time and efficiency per network (scripts/model), measured runs " \
              f"as points. Model {model.status()}."
    if not model.validated:
        caption += " Not validated: its predictions are not cited in the verdict."
    return caption


def study_section(one, files):
    study = one.study
    parts = [f'<section id="{esc(study.id)}">', f"<h2>{esc(study.title)}</h2>",
             f'<p class="verdict"><strong>Verdict.</strong> {esc(one.verdict)}</p>',
             bullet_list(one.summary, "summary")]
    if one.warnings:
        parts += ["<h3>Warnings</h3>", bullet_list(one.warnings, "warnings")]
    parts.append(figure(files.figure["png"], f"{study.title}: scaling plots",
                        scaling_caption(one)))
    if files.breakdown:
        parts.append(figure(files.breakdown["png"], f"{study.title}: time breakdown",
                            "Seconds per rep by phase (max over ranks)."))
    if files.interconnect:
        parts.append(figure(files.interconnect["png"], f"{study.title}: interconnect model",
                            interconnect_caption(one.interconnect)))
    header, rows = derived_text_rows(one)
    parts += ["<h3>Derived table</h3>",
              f'<p class="meta">Also as CSV beside this page: {esc(os.path.basename(files.csv))}'
              "</p>", table(header, rows, flag_column=len(header) - 1),
              "<h3>Fitted models</h3>", table(*fit_text_rows(one))]
    memory_table, memory_note = memory_parts(one)
    parts.append("<h3>Peak memory</h3>")
    if files.memory:
        parts.append(figure(files.memory["png"], f"{study.title}: peak memory", MEMORY_CAPTION))
    if memory_table:
        parts.append(table(*memory_table))
    if memory_note:
        parts.append(f'<p class="meta">{esc(memory_note)}.</p>')
    for index, (title, note, header, rows) in enumerate(simulated_tables(one)):
        where = f" Also as CSV beside this page: {os.path.basename(files.simulated_csv)}" \
            if index < len(one.simulated) else ""
        parts += [f"<h3>{esc(title)}</h3>", f'<p class="meta">{esc(note + where)}</p>',
                  table(header, rows)]
    parts += ["<h3>Provenance</h3>",
              table(("", "value"), provenance_rows(one.provenance_records))]
    if study.notes:
        parts += ["<h3>Notes</h3>", bullet_list(study.notes, "notes")]
    return "\n".join(parts + ["</section>"])


def roofline_section(analysis, outputs):
    parts = ['<section id="roofline">', "<h2>Roofline</h2>"]
    if outputs.roofline:
        parts.append(figure(outputs.roofline["png"], "roofline",
                            "Roofs measured in the input; each run placed by arithmetic "
                            "intensity."))
    parts.append(bullet_list(analysis.roofline.notes, "notes"))
    return "\n".join(parts + ["</section>"])


def render_html(analysis, outputs, inputs, generated):
    nav = "".join(f'<a href="#{esc(one.study.id)}">{esc(one.study.title)}</a>'
                  for one in analysis.studies) + '<a href="#roofline">roofline</a>'
    body = ["<h1>ScaleLab scaling report</h1>",
            f'<p class="meta">Records: {esc(", ".join(inputs))}. Generated {esc(generated)}. '
            "Times are medians of every timed rep pooled over a configuration's records, with "
            "95 % order-statistic CIs; speedups, efficiencies and ratios carry 95 % bootstrap "
            "CIs (resampled medians, seeded); fits need 3 core counts.</p>",
            f"<nav>{nav}</nav>"]
    if analysis.orphan_failures:
        body += ["<h3>Failed studies</h3>",
                 bullet_list(analysis.orphan_failures, "warnings")]
    body += [study_section(one, outputs.studies[one.study.id]) for one in analysis.studies]
    body.append(roofline_section(analysis, outputs))
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        "<title>ScaleLab scaling report</title>", f"<style>{STYLE}</style>",
        f"<script>{IMAGE_CHECK}</script>", "</head>",
        '<body data-images-loaded="pending">', *body, "</body>", "</html>", ""])
