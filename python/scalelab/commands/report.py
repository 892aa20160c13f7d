# SPDX-License-Identifier: MIT
"""Writes a scaling report of ScaleLab runs: one self-contained HTML page (figures embedded,
no network needed) and the same as Markdown, with every plot, derived table, fitted model,
the provenance and a generated summary per study.

usage: scripts/report RECORDS.jsonl [...] -o DIR [--extrapolate CORES] [--pdf]

DIR receives report.html, report.md and everything scripts/plot writes (the figures the
Markdown refers to, the CSV tables). Each study opens with its verdict: how to scale the
workload here, with the CI of the time ratio, what limits it, and what a validated model
or simulation predicts beyond the measured cores. The last line printed is the path of report.html.
Bad input: one line on stderr, exit code 2.
"""

import datetime
import os
import sys

from scalelab.plot.cli import run
from scalelab.plot.html import render_html
from scalelab.plot.markdown import render_markdown


def produce(args, analysis, records):
    # matplotlib loads only once the input is known good: bad input is answered at once.
    from scalelab.plot.outputs import write_outputs

    outputs = write_outputs(analysis, records, args.out_dir, args.formats)
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    pages = {"report.html": render_html, "report.md": render_markdown}
    for name, render in pages.items():
        with open(os.path.join(args.out_dir, name), "w", encoding="utf-8") as handle:
            handle.write(render(analysis, outputs, args.files, generated))
    for one in analysis.studies:
        print(f"== {one.study.title}")
        print(f"verdict: {one.verdict}")
        print("\n".join(one.summary + [f"warning: {w}" for w in one.warnings]))
    print(f"markdown: {os.path.abspath(os.path.join(args.out_dir, 'report.md'))}")
    print(f"report: {os.path.abspath(os.path.join(args.out_dir, 'report.html'))}")


def main(argv=None):
    return run("report", __doc__, produce, argv)


if __name__ == "__main__":
    sys.exit(main())
