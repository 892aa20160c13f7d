# SPDX-License-Identifier: MIT
"""Grouping, baselines, derived values, warnings and roofline on synthetic records whose
expected values are known exactly (no plotting). The statistics (CIs, fits' identifiability,
bandwidth caps, verdicts) are tested in test_conclusions.py."""

import unittest

from helpers import (
    amdahl_time,
    failed_record,
    gustafson_time,
    lognormal_samples,
    only_study,
    record,
    series_of,
    strong_study,
)
from scalelab.plot.analysis import analyze


class StrongStudyTest(unittest.TestCase):
    def setUp(self):
        self.one = only_study(strong_study())

    def test_fastest_one_core_run_is_the_baseline_and_speedups_follow(self):
        self.assertEqual(self.one.baseline.description, "serial 1x1 (fastest verified 1-core run)")
        openmp = series_of(self.one, "openmp")
        at8 = openmp.points[-1]
        self.assertEqual(at8.cores, 8)
        self.assertAlmostEqual(at8.speedup.value, 1 / amdahl_time(1.0, 0.1, 8), places=12)
        self.assertAlmostEqual(at8.efficiency.value, at8.speedup.value / 8, places=12)
        self.assertAlmostEqual(at8.karp_flatt.value, 0.1, places=10)
        self.assertAlmostEqual(self.one.references["eigen"].speedup.value, 0.8)
        # self-relative: against openmp 1x1, which is 0.1 % slower than serial
        self.assertAlmostEqual(at8.self_relative.value, 1.001 * at8.speedup.value, places=12)

    def test_without_samples_every_value_says_why_it_has_no_ci(self):
        at8 = series_of(self.one, "openmp").points[-1]
        for value in (at8.run.time, at8.speedup, at8.efficiency, at8.karp_flatt):
            self.assertIsNone(value.ci)
            self.assertEqual(value.reason, "no CI: records carry no per-rep samples")
        self.assertTrue(any(w.startswith("no CI: records carry no per-rep samples: ")
                            for w in self.one.warnings), self.one.warnings)

    def test_fits_recover_each_models_serial_fraction_but_are_not_extrapolated(self):
        for model, f in (("openmp", 0.1), ("mpi", 0.2)):
            ex = series_of(self.one, model).extrapolation
            self.assertAlmostEqual(ex.fit.serial_fraction, f, places=2)
            self.assertFalse(ex.drawn)
            self.assertIn("no band, not extrapolated", ex.note)

    def test_hybrid_keeps_the_fastest_layout_per_core_count(self):
        hybrid = series_of(self.one, "hybrid")
        self.assertEqual([p.run.layout for p in hybrid.points], ["1x1", "2x2"])
        self.assertEqual([p.run.layout for p in hybrid.others], ["4x1"])
        self.assertTrue(hybrid.best_of_layouts)

    def test_summary_quotes_speedup_and_fit(self):
        sentence = self.one.summary[0]
        self.assertTrue(sentence.startswith("openmp reaches 4.71x (no CI: no samples) on 8 "
                                            "cores"), sentence)
        self.assertIn("Amdahl serial fraction 0.100", sentence)

    def test_missing_core_counts_are_warned(self):
        self.assertIn("missing (no record in the input): hybrid at 2, 8 core(s)",
                      self.one.warnings)

    def test_extrapolation_never_below_the_measured_cores(self):
        self.assertEqual(only_study(strong_study(), extrapolate=2).extrapolate, 8)


class BaselineWithoutOneCoreTest(unittest.TestCase):
    def test_each_model_is_its_own_baseline_at_its_smallest_core_count(self):
        records = [r for r in strong_study() if r["cores"] > 1]
        one = only_study(records)
        self.assertIsNone(one.baseline)
        openmp = series_of(one, "openmp")
        self.assertIn("openmp 1x2 (no verified 1-core run", openmp.baseline.description)
        self.assertAlmostEqual(openmp.points[0].speedup.value, 2.0)
        self.assertIn("No verified 1-core run", " ".join(one.summary))

    def test_a_reported_one_core_run_is_not_the_baseline(self):
        records = strong_study()
        records.append(record("synth", "mpi", 1, 1, 0.5, status="reported"))
        one = only_study(records)
        self.assertEqual(one.baseline.run.label, "serial 1x1")


class WarningsTest(unittest.TestCase):
    def test_short_failed_and_reported_runs(self):
        records = [record("w", "serial", 1, 1, 1.0), record("w", "openmp", 1, 1, 1.0),
                   record("w", "openmp", 1, 2, 0.3),
                   record("w", "mpi", 1, 1, 0.004),                # 4 ms: too short
                   record("w", "mpi", 2, 1, 0.6, status="reported"),
                   failed_record("w", "mpi", 4, 1, size="1M"),
                   failed_record("elsewhere", "mpi", 2, 1)]
        analysis = analyze(records, 64)
        one = analysis.studies[0]
        text = "\n".join(one.warnings)
        self.assertIn("too short", text)
        self.assertIn("mpi 1x1 (4 ms)", text)
        self.assertIn("failed, not plotted: mpi 4x1 (exit 3: scalelab-x: error: boom)", text)
        self.assertIn("status reported", text)
        self.assertNotIn("missing", text)  # mpi at 4 cores failed: said once, as failed
        # the 4 ms mpi 1x1 is the fastest 1-core run: openmp 1x2 is then far below 1
        self.assertEqual(one.baseline.run.label, "mpi 1x1")
        self.assertNotIn("superlinear", text)  # no CI, no claim
        self.assertEqual(1, len(analysis.orphan_failures))
        self.assertIn("elsewhere/mpi 2x1", analysis.orphan_failures[0])

    def test_oversubscribed_runs_are_flagged(self):
        records = [record("w", "serial", 1, 1, 1.0), record("w", "mpi", 2, 1, 0.5),
                   record("w", "mpi", 4, 1, 0.5)]
        for r in records:
            r["noise"]["cpus"] = 2
        one = only_study(records)
        mpi = series_of(one, "mpi")
        self.assertEqual(["oversubscribed"], sorted(mpi.points[-1].flags))
        self.assertTrue(any(w.startswith("oversubscribed") and "mpi 4x1" in w
                            for w in one.warnings), one.warnings)

    def test_weak_work_per_core_not_constant(self):
        records = [record("w", m, r, t, gustafson_time(1.0, 0.05, r * t), scaling="weak",
                          size=1000) for m, r, t in (("serial", 1, 1), ("mpi", 1, 1),
                                                     ("mpi", 2, 1), ("mpi", 4, 1))]
        records.append(record("w", "mpi", 8, 1, gustafson_time(1.0, 0.05, 8), scaling="weak",
                              size=1000, size_per_core=900))
        one = only_study(records)
        mpi = series_of(one, "mpi")
        self.assertAlmostEqual(mpi.extrapolation.fit.serial_fraction, 0.05, places=10)
        self.assertAlmostEqual(mpi.points[2].efficiency.value, 1 / gustafson_time(1, 0.05, 4))
        self.assertEqual({"work_not_constant"}, mpi.points[-1].flags)
        self.assertTrue(any("work per core not constant" in w and "mpi 8x1 (900)" in w
                            for w in one.warnings), one.warnings)
        self.assertIn("Gustafson serial fraction 0.050", one.summary[0])


class GroupingTest(unittest.TestCase):
    def test_sizes_and_modes_make_separate_studies(self):
        records = strong_study() + [record("synth", "serial", 1, 1, 2.0, size=2_000_000),
                                    record("synth", "openmp", 1, 2, 1.1, size=2_000_000),
                                    record("synth", "openmp", 1, 2, 1.1, scaling="weak")]
        ids = [one.study.id for one in analyze(records, 64).studies]
        self.assertEqual(ids, ["synth-strong-1M", "synth-strong-2M", "synth-weak"])

    def test_repeated_configurations_pool_their_samples(self):
        rounds = [lognormal_samples(1.0, 5, 0.05, seed) for seed in (1, 2, 3)]
        records = [record("d", "openmp", 1, 2, 0, samples=s) for s in rounds]
        records.append(record("d", "openmp", 1, 1, 3.0, samples=[3.0] * 6))
        one = only_study(records)
        run = series_of(one, "openmp").points[1].run
        pooled = sorted(s for one_round in rounds for s in one_round)
        self.assertEqual(run.n, 15)
        self.assertEqual(run.median, pooled[7])
        self.assertEqual(run.time.ci, (pooled[3], pooled[11]))  # ranks 4 and 12 of 15
        self.assertIn("3 records of the same configuration (15 timed reps pooled)",
                      one.study.notes[0])

    def test_records_without_samples_fall_back_to_the_median_of_medians(self):
        records = [record("d", "openmp", 1, 2, t) for t in (1.0, 2.0, 4.0)]
        records.append(record("d", "openmp", 1, 1, 3.0))
        one = only_study(records)
        run = series_of(one, "openmp").points[1].run
        self.assertEqual((run.median, run.time.ci, run.n), (2.0, None, 0))
        self.assertIn("median of their medians", one.study.notes[0])

    def test_malformed_samples_are_bad_input(self):
        from scalelab.plot.loading import InputError
        bad = record("d", "openmp", 1, 1, 1.0)
        bad["time"]["samples"] = [0.1, "slow"]
        with self.assertRaisesRegex(InputError, "'time.samples' must be a non-empty list"):
            analyze([bad], 64)


class RooflineTest(unittest.TestCase):
    def test_skipped_without_triad_or_matmul(self):
        roofline = analyze(strong_study(), 64).roofline
        self.assertFalse(roofline.available)
        self.assertIn("roofline skipped", roofline.notes[0])

    def test_roofs_from_triad_and_matmul_and_unplaceable_pi(self):
        records = [record("triad", "openmp", 1, 2, 0.01, bytes_per_rep=2.4e8,
                          flops_per_rep=2e7),                      # 24 GB/s
                   record("matmul", "eigen", 1, 1, 0.5, bytes_per_rep=1e8,
                          flops_per_rep=2.5e10),                    # 50 GFLOP/s
                   record("pi", "serial", 1, 1, 1.0)]
        roofline = analyze(records, 64).roofline
        self.assertAlmostEqual(roofline.bandwidth.value, 24.0)
        self.assertEqual(roofline.bandwidth.source, "triad/openmp 1x2")
        self.assertAlmostEqual(roofline.peak.value, 50.0)
        self.assertEqual(sorted(p.workload for p in roofline.points), ["matmul", "triad"])
        self.assertIn("pi not placed on the roofline: flops_per_rep is 0 (no floating-point "
                      "work)", roofline.notes)

    def test_time_blocked_heat_is_placed_above_its_plain_bandwidth_bound(self):
        # 20 GB/s memory roof; plain heat: 7 flops per 16 B; blocked K=8: 8x less traffic.
        cells_steps = 1e9
        plain = record("heat", "openmp", 1, 2, 1.0, bytes_per_rep=16 * cells_steps,
                       flops_per_rep=7 * cells_steps)
        blocked = record("heat", "openmp", 1, 2, 0.4, bytes_per_rep=2 * cells_steps,
                         flops_per_rep=7 * cells_steps)
        blocked["params"] = {"time_block": 8}
        records = [record("triad", "openmp", 1, 2, 0.012, bytes_per_rep=2.4e8,
                          flops_per_rep=2e7), plain, blocked]
        roofline = analyze(records, 64).roofline
        self.assertAlmostEqual(roofline.bandwidth.value, 20.0)
        placed = {p.time_block: p for p in roofline.points if p.workload == "heat"}
        self.assertAlmostEqual(placed[8].intensity, 8 * placed[1].intensity)
        notes = [n for n in roofline.notes if "--time-block" in n]
        self.assertEqual(len(notes), 1)
        # 17.5 GFLOP/s against the plain bound 20 GB/s x 7/16 flop/B = 8.75 GFLOP/s: 2x.
        self.assertIn("heat/openmp 1x2 --time-block 8: intensity 3.5 flop/B, 8x its plain "
                      "form's 0.438", notes[0])
        self.assertIn("at 17.5 GFLOP/s", notes[0])
        self.assertIn("runs at 2x the bound of the plain stencil at the measured 20 GB/s "
                      "(8.75 GFLOP/s)", notes[0])


if __name__ == "__main__":
    unittest.main()
