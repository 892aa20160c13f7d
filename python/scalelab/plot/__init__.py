# SPDX-License-Identifier: MIT
"""Shared code of scripts/plot and scripts/report: records -> studies -> fits -> outputs.

Data: loading (read and type-check records), grouping (studies and runs, pooled samples),
uncertainty (CIs of medians, bootstrap CIs of ratios), machine_load (foreign load,
oversubscription), derived (fastest 1-core baseline, speedup, efficiency, series), models
(Amdahl, Gustafson, Karp-Flatt laws), extrapolation (fits only where determined, bands,
bandwidth cap), checks (warnings), roofline (measured roofs, placed runs), interconnect (the
interconnect model and whether it is validated), memory (peak memory per run, medians over
records), verdict (the paragraph each study opens with), summary (sentences), analysis (all of
it for one input). Figures (matplotlib, Agg): style, scaling_figure, breakdown_figure,
memory_figure, roofline_figure, interconnect_figure; outputs writes them and the CSV. Text:
formatting, tables (derived table, fits and peak memory as rows), terminal, html, markdown.
cli: the shared command line and its exit-code contract.
"""
