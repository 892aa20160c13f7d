"""Shared code of scripts/plot and scripts/report: records -> studies -> fits -> outputs.

Data: loading (read and type-check records), grouping (studies and runs), derived
(baselines, speedup, efficiency, series), models (Amdahl, Gustafson, Karp-Flatt fits),
checks (warnings), roofline (measured roofs, placed runs), summary (sentences), analysis
(all of it for one input). Figures (matplotlib, Agg): style, scaling_figure,
breakdown_figure, roofline_figure; outputs writes them and the CSV. Text: formatting,
tables (derived table and fits as rows), terminal, html, markdown. cli: the shared command
line and its exit-code contract.
"""
