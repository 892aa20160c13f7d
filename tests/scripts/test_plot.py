"""scripts/plot end to end: real record files from this machine (fixtures/) and a synthetic
study with every kind of figure (breakdown bars, both roofs, PDF)."""

import csv
import json
import os
import struct
import unittest
import xml.etree.ElementTree as ElementTree

from helpers import (FIXTURES, out_dir, record, run_script, strong_study, write_jsonl)

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
        with open(PI) as handle:
            medians = {(r["model"], r["ranks"], r["threads"]): r["time"]["median"]
                       for r in map(json.loads, handle)}
        rows = csv_rows(os.path.join(self.dir, "pi-strong.csv"))
        self.assertEqual(len(rows), len(medians))
        for column in ("cores", "time_median_s", "speedup", "efficiency", "karp_flatt",
                       "baseline"):
            self.assertIn(column, rows[0])
        mpi4 = next(r for r in rows if r["model"] == "mpi" and r["cores"] == "4")
        expected = medians[("serial", 1, 1)] / medians[("mpi", 4, 1)]
        self.assertAlmostEqual(float(mpi4["speedup"]), expected, places=4)
        self.assertAlmostEqual(float(mpi4["efficiency"]), expected / 4, places=4)
        self.assertAlmostEqual(float(mpi4["karp_flatt"]), (1 / expected - 0.25) / 0.75, 4)
        self.assertEqual(mpi4["baseline"], "serial 1x1 median")
        weak = csv_rows(os.path.join(self.dir, "triad-weak.csv"))
        self.assertIn("scaled_speedup", weak[0])

    def test_text_output_warns_and_summarises(self):
        out = self.result.stdout
        self.assertIn("== pi: strong scaling, size 20M", out)
        self.assertIn("warning: missing (no record in the input): openmp at 4 core(s)", out)
        self.assertIn("warning: too short (< 10 ms per rep", out)
        self.assertIn("note: pi not placed on the roofline: flops_per_rep is 0", out)
        self.assertIn("note: no matmul runs in the input: compute roof not measured", out)
        self.assertRegex(out, r"hybrid \(best layout per core count\) reaches [0-9.]+x on 4 "
                              r"cores as 2x2")

    def test_figures_carry_labels_warnings_and_provenance(self):
        text = svg_text(os.path.join(self.dir, "pi-strong.svg"))
        for expected in ("Speedup over serial 1x1 median", "time per rep [s]",
                         "cores (ranks x threads)", "mpi (horizontal: ranks)",
                         "openmp (vertical: threads)", "extrapolated to 1024 cores",
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
        records = strong_study()
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

    def test_fit_and_extrapolation_in_text(self):
        self.assertIn("openmp reaches 4.7x on 8 cores (efficiency 59 %); fitted serial "
                      "fraction 0.100", self.result.stdout)
        self.assertIn("extrapolated speedup at 64 cores: 8.8x", self.result.stdout)
        # triad: one run, no serial: its own baseline, speedup 2 on 2 cores by definition
        self.assertIn("openmp reaches 2.0x on 2 cores (efficiency 100 %); one core count "
                      "only, no fit", self.result.stdout)


if __name__ == "__main__":
    unittest.main()
