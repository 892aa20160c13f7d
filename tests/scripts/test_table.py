# SPDX-License-Identifier: MIT
"""scripts/table: one row per configuration pooling the timed reps of all its records, the
median with its 95 % confidence interval and n (or why there is none), speed-up against the
fastest verified 1-core configuration, and the same as CSV."""

import csv
import io
import os
import unittest

from helpers import failed_record, out_dir, record, run_script, simulated_record, write_jsonl
from scalelab.stats import median, median_ci


def sampled(workload, model, ranks, threads, samples, **kwargs):
    """A record as the driver writes it since it records every timed rep."""
    rec = record(workload, model, ranks, threads, median(samples), **kwargs)
    rec["time"]["samples"] = samples
    rec["reps"] = len(samples)
    return rec


class Table(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = out_dir("table")
        os.makedirs(cls.dir)
        # Two rounds of mpi 2x1 (4 + 5 samples pooled to 9); openmp 1x1 is the fastest
        # verified 1-core configuration, faster than serial; eigen 1x1 is faster still but
        # failed verification, mpi 1x1 failed outright; hybrid has 5 samples only.
        cls.mpi2 = [[0.30, 0.31, 0.29, 0.33], [0.32, 0.28, 0.30, 0.35, 0.31]]
        cls.openmp1 = [0.50, 0.49, 0.52, 0.48, 0.51, 0.50, 0.47]
        records = [
            sampled("pi", "serial", 1, 1, [0.60, 0.61, 0.59, 0.62, 0.60, 0.58]),
            sampled("pi", "openmp", 1, 1, cls.openmp1),
            sampled("pi", "eigen", 1, 1, [0.1] * 6, status="verification_failed"),
            failed_record("pi", "mpi", 1, 1, size=1_000_000),
            sampled("pi", "mpi", 2, 1, cls.mpi2[0]),
            sampled("pi", "mpi", 2, 1, cls.mpi2[1]),
            sampled("pi", "hybrid", 1, 2, [0.26, 0.27, 0.25, 0.28, 0.26]),
            record("pi", "openmp", 1, 2, 0.26),  # written before samples were recorded
        ]
        cls.path = write_jsonl(os.path.join(cls.dir, "pi.jsonl"), records)
        cls.result = run_script("table", cls.path)

    def cells(self, variant, ranks, threads):
        for line in self.result.stdout.splitlines():
            fields = line.split()
            if fields[:5] == [variant, "1000000", str(ranks), "x", str(threads)]:
                return line
        self.fail(f"no row {variant} {ranks} x {threads}:\n{self.result.stdout}")

    def test_prints_every_configuration_once(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertEqual(self.result.stderr, "")
        rows = [line for line in self.result.stdout.splitlines() if line.startswith("pi/")]
        self.assertEqual(len(rows), 7)

    def test_pools_the_samples_of_all_runs_of_a_configuration(self):
        pooled = self.mpi2[0] + self.mpi2[1]
        low, high = median_ci(pooled)
        line = self.cells("pi/mpi", 2, 1)
        self.assertIn(f" {median(pooled):.4g} {low:.4g} .. {high:.4g} ", line)
        self.assertRegex(line, r"\.\. \S+ +9 ")

    def test_says_why_there_is_no_interval(self):
        self.assertIn("n=5: too few for a 95 % CI", self.cells("pi/hybrid", 1, 2))
        self.assertIn("no samples recorded", self.cells("pi/openmp", 1, 2))
        self.assertIn("FAILED", self.cells("pi/mpi", 1, 1))

    def test_speed_up_is_against_the_fastest_verified_one_core_configuration(self):
        base = median(self.openmp1)
        self.assertIn(f"speed-up against pi/openmp 1 x 1 (size 1000000), median {base:.4g} s",
                      self.result.stdout)
        pooled = median(self.mpi2[0] + self.mpi2[1])
        self.assertIn(f" {base / pooled:.2f}x ", self.cells("pi/mpi", 2, 1))
        self.assertIn(" 1.00x ", self.cells("pi/openmp", 1, 1))
        self.assertIn(f" {base / 0.6:.2f}x ", self.cells("pi/serial", 1, 1))
        self.assertIn(" NO ", self.cells("pi/eigen", 1, 1))

    def test_csv_has_one_row_per_configuration_with_its_interval(self):
        result = run_script("table", self.path, "--csv")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        self.assertEqual(len(rows), 7)
        by = {(r["model"], r["ranks"], r["threads"]): r for r in rows}
        pooled = self.mpi2[0] + self.mpi2[1]
        mpi = by[("mpi", "2", "1")]
        self.assertEqual((mpi["runs"], mpi["n"]), ("2", "9"))
        self.assertEqual((float(mpi["ci_low"]), float(mpi["ci_high"])), median_ci(pooled))
        self.assertAlmostEqual(float(mpi["speedup"]), median(self.openmp1) / median(pooled))
        self.assertEqual(mpi["baseline"], "pi/openmp 1 x 1 (size 1000000)")
        # Each record's figure of merit is of its own median; the row shows their median.
        self.assertAlmostEqual(float(mpi["fom_things_per_s"]),
                               median([1e6 / median(run) for run in self.mpi2]), places=3)
        hybrid = by[("hybrid", "1", "2")]
        self.assertEqual((hybrid["n"], hybrid["ci_low"], hybrid["ci_high"]), ("5", "", ""))
        failed = by[("mpi", "1", "1")]
        self.assertEqual((failed["verified"], failed["failed_runs"], failed["median_s"]),
                         ("FAILED", "1", ""))

    def test_weak_scaling_gives_efficiency_and_without_a_baseline_says_so(self):
        path = write_jsonl(os.path.join(self.dir, "weak.jsonl"), [
            sampled("triad", "mpi", 1, 1, [0.2] * 6, scaling="weak"),
            sampled("triad", "mpi", 2, 1, [0.25] * 6, scaling="weak"),
            sampled("heat", "mpi", 2, 1, [0.25] * 6)])
        result = run_script("table", path)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("weak eff against triad/mpi 1 x 1", result.stdout)
        self.assertRegex(result.stdout, r"triad/mpi +2000000 +2 x 1 .* 0\.80  yes")
        self.assertIn("speed-up: none, no verified 1-core configuration", result.stdout)

    def test_null_figures_of_merit_and_medians_are_shown_not_fatal(self):
        rec = record("pi", "serial", 1, 1, 0.5)
        path = write_jsonl(os.path.join(self.dir, "nulls.jsonl"), [
            dict(rec, fom={"samples_per_s": None}),
            dict(record("pi", "mpi", 2, 1, 0.3), time={"median": None})])
        result = run_script("table", path)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("null samples/s", result.stdout)
        self.assertRegex(result.stdout, r"pi/mpi +1000000 +2 x 1 +2 +- ")


class SimulatedRunsApart(unittest.TestCase):
    """Simulated seconds (scripts/simulate) are never pooled with measured ones: each
    platform's runs form a section of their own, with their own baseline."""

    @classmethod
    def setUpClass(cls):
        cls.dir = out_dir("table-simulated")
        os.makedirs(cls.dir)
        cls.measured = [0.50, 0.52, 0.49, 0.51, 0.50, 0.48]
        records = [sampled("pi", "mpi", 1, 1, cls.measured),
                   simulated_record("pi", 1, 0.1, samples=[0.1] * 6),
                   simulated_record("pi", 2, 0.05, samples=[0.05] * 6)]
        cls.path = write_jsonl(os.path.join(cls.dir, "pi.jsonl"), records)

    def test_each_source_is_a_section_with_its_own_baseline(self):
        result = run_script("table", self.path)
        self.assertEqual(result.returncode, 0, result.stderr)
        sections = result.stdout.split("pi, strong scaling")
        self.assertEqual(len(sections), 3, result.stdout)
        measured, simulated = sections[1], sections[2]
        self.assertNotIn("simulated", measured)
        self.assertIn(f"median {median(self.measured):.4g} s", measured)
        self.assertTrue(simulated.startswith(", simulated on ib-hdr-fat-tree (simulated "
                                             "seconds)"), simulated)
        self.assertIn("median 0.1 s", simulated)
        self.assertIn(" 2.00x ", simulated)

    def test_csv_names_the_source_of_each_row(self):
        result = run_script("table", self.path, "--csv")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        self.assertEqual(sorted((r["source"], r["ranks"], r["n"]) for r in rows),
                         [("measured", "1", "6"), ("simulated on ib-hdr-fat-tree", "1", "6"),
                          ("simulated on ib-hdr-fat-tree", "2", "6")])


if __name__ == "__main__":
    unittest.main()
