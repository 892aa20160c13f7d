# SPDX-License-Identifier: MIT
"""Writes the files of an analysis into one directory: per study the scaling figure, the
breakdown bars and the memory figure when the records carry them, the derived-table CSV and
the simulated series' CSV when there are any; the roofline once."""

from __future__ import annotations  # "X | None" annotations on Python 3.8 and 3.9

import os
from dataclasses import dataclass, field

from scalelab.plot.breakdown_figure import draw_breakdown_figure
from scalelab.plot.interconnect_figure import draw_interconnect_figure
from scalelab.plot.memory_figure import draw_memory_figure
from scalelab.plot.provenance import footer_line
from scalelab.plot.roofline_figure import draw_roofline_figure
from scalelab.plot.scaling_figure import draw_scaling_figure
from scalelab.plot.style import save_figure
from scalelab.plot.tables import write_csv, write_simulated_csv


@dataclass
class StudyFiles:
    figure: dict                    # format -> path
    csv: str
    breakdown: dict | None = None   # format -> path
    interconnect: dict | None = None  # format -> path: the interconnect model's figure
    memory: dict | None = None      # format -> path: peak memory against cores
    simulated_csv: str | None = None  # the simulated series' table


@dataclass
class Outputs:
    studies: dict = field(default_factory=dict)   # study id -> StudyFiles
    roofline: dict | None = None                  # format -> path
    model_lines: list = field(default_factory=list)  # the interconnect model, per study

    def all_paths(self):
        paths = []
        for files in self.studies.values():
            paths += list(files.figure.values()) + [files.csv]
            paths += list((files.breakdown or {}).values())
            paths += list((files.interconnect or {}).values())
            paths += list((files.memory or {}).values())
            paths += [files.simulated_csv] if files.simulated_csv else []
        return paths + list((self.roofline or {}).values())


def write_outputs(analysis, records, out_dir, formats):
    os.makedirs(out_dir, exist_ok=True)
    outputs = Outputs()
    for one in analysis.studies:
        name = one.study.id
        files = StudyFiles(figure=save_figure(draw_scaling_figure(one), out_dir, name, formats),
                           csv=write_csv(os.path.join(out_dir, f"{name}.csv"), one))
        if one.simulated:
            files.simulated_csv = write_simulated_csv(
                os.path.join(out_dir, f"{name}-simulated.csv"), one)
        breakdown = draw_breakdown_figure(one)
        if breakdown is not None:
            files.breakdown = save_figure(breakdown, out_dir, f"{name}-breakdown", formats)
        memory = draw_memory_figure(one)
        if memory is not None:
            files.memory = save_figure(memory, out_dir, f"{name}-memory", formats)
        if one.interconnect is not None:
            files.interconnect = save_figure(draw_interconnect_figure(one, one.interconnect),
                                             out_dir, f"{name}-interconnect", formats)
            outputs.model_lines += one.interconnect.lines(name)
        elif one.interconnect_note:
            outputs.model_lines.append(one.interconnect_note)
        outputs.studies[name] = files
    roofline = draw_roofline_figure(analysis.roofline, footer_line(records))
    if roofline is not None:
        outputs.roofline = save_figure(roofline, out_dir, "roofline", formats)
    return outputs
