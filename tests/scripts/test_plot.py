# SPDX-License-Identifier: MIT
"""scripts/plot end to end: real record files from this machine (fixtures/) and a synthetic
study with every kind of figure (breakdown bars, both roofs, PDF)."""

import csv
import os
import struct
import unittest
import xml.etree.ElementTree as ElementTree

from helpers import FIXTURES, out_dir, record, run_script, strong_study, write_jsonl
from scalelab.records import read_records

PI = os.path.join(FIXTURES, "pi-strong.jsonl")
TRIAD = os.path.join(FIXTURES, "triad-weak.jsonl")


def png_size(path):
    with open(path, "rb") as handle:
        head = handle.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def svg_text(path):
    root = ElementTree.parse(path).getroot()
    assert root.tag.endswith("svg"), root.tag
    return " ".join(t.strip() for t in root.itertext() if t.strip())


def csv_rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


class RealRecordsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = out_dir("plot-real")
        cls.result = run_script("plot", PI, TRIAD, "-o", cls.dir, "--extrapolate", "1024")

    def test_exit_and_files(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        for name in ("pi-strong", "triad-weak", "roofline"):
            width, height = png_size(os.path.join(self.dir, f"{name}.png"))
            self.assertGreater(width, 800)
            self.assertGreater(height, 400)
            self.assertTrue(svg_text(os.path.join(self.dir, f"{name}.svg")))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "pi-strong.pdf")))

    def test_csv_holds_the_derived_table(self):
        medians = {(r["model"], r["ranks"], r["threads"]): r["time"]["median"]
                   for r in read_records(PI)}
        rows = csv_rows(os.path.join(self.dir, "pi-strong.csv"))
        self.assertEqual(len(rows), len(medians))
        for column in ("cores", "n", "time_median_s", "time_median_s_ci_low", "speedup",
                       "speedup_ci_high", "efficiency", "efficiency_ci_low", "self_speedup",
                       "karp_flatt", "ci_note", "baseline"):
            self.assertIn(column, rows[0])
        # the baseline is the fastest 1-core run, whatever its model
        fastest = min((t, key) for key, t in medians.items() if key[1] * key[2] == 1)
        mpi4 = next(r for r in rows if r["model"] == "mpi" and r["cores"] == "4")
        expected = fastest[0] / medians[("mpi", 4, 1)]
        self.assertAlmostEqual(float(mpi4["speedup"]), expected, places=4)
        self.assertAlmostEqual(float(mpi4["efficiency"]), expected / 4, places=4)
        self.assertAlmostEqual(float(mpi4["karp_flatt"]), (1 / expected - 0.25) / 0.75, 4)
        self.assertAlmostEqual(float(mpi4["self_speedup"]),
                               medians[("mpi", 1, 1)] / medians[("mpi", 4, 1)], places=4)
        model, ranks, threads = fastest[1]
        self.assertEqual(mpi4["baseline"],
                         f"{model} {ranks}x{threads} (fastest verified 1-core run)")
        # the fixtures predate per-rep samples: no CI, and the row says why
        self.assertEqual(mpi4["speedup_ci_low"], "")
        self.assertEqual(mpi4["ci_note"], "no CI: records carry no per-rep samples")
        weak = csv_rows(os.path.join(self.dir, "triad-weak.csv"))
        self.assertIn("scaled_speedup", weak[0])

    def test_text_output_warns_and_summarises(self):
        out = self.result.stdout
        self.assertIn("== pi: strong scaling, size 20M", out)
        self.assertIn("warning: missing (no record in the input): openmp at 4 core(s)", out)
        self.assertIn("warning: too short (< 10 ms per rep", out)
        self.assertIn("note: pi not placed on the roofline: flops_per_rep is 0", out)
        self.assertIn("note: no matmul runs in the input: compute roof not measured", out)
        self.assertRegex(out, r"hybrid \(best layout per core count\) reaches [0-9.]+x "
                              r"\(no CI: no samples\) on [24] cores as \dx\d")
        self.assertRegex(out, r"verdict: At [24] cores no way of scaling is shown better")
        self.assertIn("Amdahl not identifiable from", out)
        self.assertIn("warning: no CI: records carry no per-rep samples: ", out)

    def test_figures_carry_labels_warnings_and_provenance(self):
        text = svg_text(os.path.join(self.dir, "pi-strong.svg"))
        for expected in ("(fastest verified 1-core run)", "time per rep [s]",
                         "cores (ranks x threads)", "mpi (horizontal: ranks)",
                         "openmp (vertical: threads)", "bars = 95 % CI; no Amdahl fit drawn",
                         "warning: missing", "compiler: GNU 12.2.0", "MPI: Open MPI v4.1.4",
                         "git: 6f93e80fa6-dirty", "date: 2026-11-22"):
            self.assertIn(expected, text)
        self.assertIn("Weak efficiency T1/Tp", svg_text(os.path.join(self.dir,
                                                                     "triad-weak.svg")))


class SyntheticEverythingTest(unittest.TestCase):
    """Breakdown bars, both roofs, a one-point study and PDF output."""

    @classmethod
    def setUpClass(cls):
        cls.dir = out_dir("plot-synthetic")
        records = strong_study(samples=15)
        for r in records:
            if r["model"] in ("mpi", "hybrid"):
                median = r["time"]["median"]
                r["breakdown"] = {"compute": 0.7 * median, "communication": 0.3 * median}
        records.append(record("triad", "openmp", 1, 2, 0.004, bytes_per_rep=2.4e8,
                              flops_per_rep=2e7))
        records.append(record("matmul", "eigen", 1, 1, 0.5, bytes_per_rep=1e8,
                              flops_per_rep=2.5e10))
        input_dir = out_dir("plot-synthetic-input")
        os.makedirs(input_dir)
        path = write_jsonl(os.path.join(input_dir, "all.jsonl"), records)
        cls.result = run_script("plot", path, "-o", cls.dir, "--pdf")

    def test_every_figure_in_every_format(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        for name in ("synth-strong", "synth-strong-breakdown", "triad-strong",
                     "matmul-strong", "roofline"):
            png_size(os.path.join(self.dir, f"{name}.png"))
            svg_text(os.path.join(self.dir, f"{name}.svg"))
            with open(os.path.join(self.dir, f"{name}.pdf"), "rb") as handle:
                self.assertEqual(handle.read(5), b"%PDF-")

    def test_breakdown_and_roofline_content(self):
        bars = svg_text(os.path.join(self.dir, "synth-strong-breakdown.svg"))
        self.assertIn("communication", bars)
        self.assertIn("8x1", bars)
        roof = svg_text(os.path.join(self.dir, "roofline.svg"))
        self.assertIn("memory: 60 GB/s (triad/openmp 1x2)", roof)
        self.assertIn("compute: 50 GFLOP/s (matmul/eigen 1x1)", roof)
        self.assertIn("note: synth not placed on the roofline", roof)

    def test_fit_and_extrapolation_in_text_and_figure(self):
        self.assertRegex(self.result.stdout, r"openmp reaches 4\.\d\dx \(95 % CI "
                                             r"4\.\d\dx-4\.\d\dx\) on 8 cores")
        self.assertRegex(self.result.stdout, r"Amdahl serial fraction 0\.\d+ \(95 % CI "
                                             r"0\.\d+-0\.\d+\); Amdahl extrapolated to \d+ cores")
        figure = svg_text(os.path.join(self.dir, "synth-strong.svg"))
        self.assertRegex(figure, r"openmp: Amdahl fit to \d+ cores")
        self.assertIn("dashed = Amdahl fit with 95 % band", figure)
        # triad: one run, no 1-core run: its own baseline, speedup 2 on 2 cores by definition
        self.assertIn("openmp reaches 2.00x (no CI: no samples) on 2 cores (efficiency 100 % "
                      "(no CI: no samples)); Amdahl not identifiable from 1 core count",
                      self.result.stdout)


if __name__ == "__main__":
    unittest.main()
