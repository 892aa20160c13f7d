# SPDX-License-Identifier: MIT
"""Plots ScaleLab scaling studies: time, speedup, efficiency and Karp-Flatt per study with
95 % CIs, fitted Amdahl (strong) or Gustafson (weak) models where 3 or more core counts
determine them, time breakdowns, peak memory, and the roofline; prints each study's verdict.

usage: scripts/plot RECORDS.jsonl [...] -o DIR [--extrapolate CORES] [--pdf]

Writes into DIR, per study (workload, scaling mode, size): <id>.png/.svg (.pdf), the derived
table <id>.csv, when the records carry a time split <id>-breakdown.png/.svg, when they carry
peak memory <id>-memory.png/.svg (per core and summed over ranks, against cores); and
roofline.png/.svg when triad or matmul runs measured the machine. Prints the summary,
tables (peak memory among them), fits and warnings. Bad input: one line on stderr, exit code 2.

With records that calibrate the interconnect model (scripts/model: a 1-core run of the
workload; ping-pong records for the measured networks), each strong study of pi, heat,
matmul, wordcount or groupby also gets <id>-interconnect.png/.svg: predicted time and
efficiency up to --extrapolate ranks for shm, tcp-measured, ib-hdr, eth-100g and eth-10g,
with the measured runs and the model's error on them.

Simulated records (scripts/simulate) are drawn as simulated series beside the measured ones,
never mixed into them, with the validation status that scripts/validate-simulation rows in
the input give them; <id>-simulated.csv holds their table.
"""

import sys

from scalelab.plot.cli import run


def produce(args, analysis, records):
    # matplotlib loads only once the input is known good: bad input is answered at once.
    from scalelab.plot.outputs import write_outputs
    from scalelab.plot.terminal import report_lines

    outputs = write_outputs(analysis, records, args.out_dir, args.formats)
    print("\n".join(report_lines(analysis, outputs) + outputs.model_lines))


def main(argv=None):
    return run("plot", __doc__, produce, argv)


if __name__ == "__main__":
    sys.exit(main())
