# SPDX-License-Identifier: MIT
"""The statistics behind every conclusion the report draws, on synthetic samples with known
answers: CI coverage, the fastest verified 1-core baseline, no superlinear claim inside the
noise, fits refused where the data do not determine them, extrapolation bands, the
memory-bandwidth cap, noise flags and the verdict."""

import os
import unittest

import numpy as np

from helpers import (
    gustafson_time,
    lognormal_samples,
    only_study,
    out_dir,
    quiet_noise,
    record,
    run_script,
    series_of,
    strong_study,
    write_jsonl,
)
from scalelab.model.predict import Check, worst_error
from scalelab.plot.analysis import analyze
from scalelab.plot.grouping import group_studies
from scalelab.plot.html import interconnect_caption
from scalelab.plot.interconnect import InterconnectModel
from scalelab.plot.tables import fit_text_rows
from scalelab.plot.uncertainty import ratio, time_estimate
from scalelab.plot.verdict import study_verdict

N = 15  # timed reps per configuration (3 rounds of 5)


def sampled(model, ranks, threads, median, seed, sigma=0.02, **kwargs):
    return record(kwargs.pop("workload", "w"), model, ranks, threads, 0,
                  samples=lognormal_samples(median, N, sigma, seed), **kwargs)


class CoverageTest(unittest.TestCase):
    def test_median_ci_covers_the_true_median_at_least_93_percent(self):
        rng = np.random.default_rng(2015)
        covered = 0
        for _ in range(1000):
            samples = list(0.2 * np.exp(rng.normal(0.0, 0.3, 11)))  # true median 0.2
            low, high = time_estimate(samples, None).ci
            covered += low <= 0.2 <= high
        self.assertGreaterEqual(covered / 1000, 0.93)

    def test_bootstrap_ratio_ci_covers_the_true_ratio(self):
        rng = np.random.default_rng(11)
        covered = 0
        for _ in range(200):
            fast = list(np.exp(rng.normal(0.0, 0.1, N)))
            slow = list(1.3 * np.exp(rng.normal(0.0, 0.1, N)))
            studies, _ = group_studies([record("x", "openmp", 1, 1, 0, samples=fast),
                                        record("x", "mpi", 1, 1, 0, samples=slow)])
            runs = {run.model: run for run in studies[0].runs}
            low, high = ratio(runs["mpi"], runs["openmp"]).ci
            covered += low <= 1.3 <= high
        self.assertGreaterEqual(covered / 200, 0.90)

    def test_same_input_same_interval(self):
        first = only_study(strong_study(samples=N)).series[0].points[-1].speedup
        again = only_study(strong_study(samples=N)).series[0].points[-1].speedup
        self.assertEqual(first.ci, again.ci)

    def test_too_few_samples_are_said_so(self):
        one = only_study([record("w", "openmp", 1, 1, 0, samples=[1.0, 1.1, 0.9, 1.0, 1.2]),
                          sampled("openmp", 1, 2, 0.5, 1)])
        first = series_of(one, "openmp").points[0]
        self.assertEqual(first.run.time.reason, "too few samples (n=5) for a 95 % CI")
        self.assertIsNone(series_of(one, "openmp").points[1].speedup.ci)
        self.assertIn("too few samples (n=5) for a 95 % CI: openmp 1x1", one.warnings)


class BaselineTest(unittest.TestCase):
    def slow_serial_study(self, mpi2_time):
        return only_study([sampled("serial", 1, 1, 0.226, 1), sampled("openmp", 1, 1, 0.175, 2),
                           sampled("mpi", 1, 1, 0.176, 3), sampled("hybrid", 1, 1, 0.177, 4),
                           sampled("mpi", 2, 1, mpi2_time, 5), sampled("openmp", 1, 2, 0.119,
                                                                       6)])

    def test_a_slow_serial_run_is_not_the_baseline_and_nothing_is_superlinear(self):
        one = self.slow_serial_study(0.0875)
        self.assertEqual(one.baseline.run.label, "openmp 1x1")
        self.assertRegex(one.baseline.sentence(), r"^openmp 1x1 \(fastest verified 1-core "
                                                  r"run\), median 17\d ms \(95 % CI .*, n=15\)$")
        mpi2 = series_of(one, "mpi").points[1]
        self.assertTrue(mpi2.efficiency.contains(1.0), mpi2.efficiency)
        self.assertNotIn("superlinear", mpi2.flags)
        self.assertFalse(any("superlinear" in w for w in one.warnings), one.warnings)
        # against the slow serial run it would have looked 29 % superlinear
        self.assertGreater(0.226 / 0.0875 / 2, 1.25)

    def test_superlinear_only_when_the_whole_ci_is_above_one(self):
        one = self.slow_serial_study(0.070)   # efficiency 1.25, CI well above 1
        mpi2 = series_of(one, "mpi").points[1]
        self.assertTrue(mpi2.efficiency.above(1.0))
        self.assertIn("superlinear", mpi2.flags)

    def test_self_relative_speedup_is_a_second_view(self):
        one = self.slow_serial_study(0.0875)
        openmp2 = series_of(one, "openmp").points[1]
        self.assertAlmostEqual(openmp2.self_relative.value,
                               openmp2.run.median and
                               series_of(one, "openmp").points[0].run.median /
                               openmp2.run.median)
        self.assertIsNotNone(openmp2.self_relative.ci)


class FitTest(unittest.TestCase):
    def test_two_core_counts_are_not_identifiable(self):
        records = [sampled("serial", 1, 1, 1.0, 1), sampled("mpi", 1, 1, 1.0, 2),
                   sampled("mpi", 2, 1, 0.6, 3), sampled("mpi", 4, 1, 0.6, 4)]
        for r in records:
            r["noise"]["cpus"] = 2   # the 4-rank run shares 2 CPUs: no third core count
        one = only_study(records)
        ex = series_of(one, "mpi").extrapolation
        self.assertIsNone(ex.fit)
        self.assertFalse(ex.drawn)
        self.assertIn("Amdahl not identifiable from 2 core counts with a core each (needs 3)",
                      ex.note)
        self.assertIn("not identifiable", one.summary[0])
        row = fit_text_rows(one)[1][0]
        self.assertEqual(row[4:6], ["-", "-"])

    def test_a_determined_fit_has_a_ci_and_a_band_that_stops_where_it_widens(self):
        one = only_study(strong_study(samples=N, sigma=0.02))
        ex = series_of(one, "openmp").extrapolation
        self.assertTrue(ex.serial_fraction.contains(0.1), ex.serial_fraction)
        self.assertEqual(ex.stop, 64)
        self.assertTrue(np.all(ex.low <= ex.curve) and np.all(ex.curve <= ex.high))
        noisy = only_study(strong_study(samples=N, sigma=0.15))
        wide = series_of(noisy, "openmp").extrapolation
        self.assertLess(wide.stop, 64)
        self.assertIn("band is wider than 20 % of the curve", wide.note)
        at_stop = (wide.high[-1] - wide.low[-1]) / 2 / wide.curve[-1]
        self.assertLess(at_stop, 0.2 + 1e-9)


def triad_weak(include_ceiling=True, workload="triad"):
    """A memory-bound weak study whose times look nearly ideal (alpha 0.02): a compute-bound
    reading would promise almost 64x at 64 cores."""
    bytes_per_core = 4.8e7
    records = []
    for seed, (model, cores) in enumerate((("serial", 1), ("openmp", 1), ("openmp", 2),
                                          ("openmp", 4), ("openmp", 8)), start=1):
        records.append(sampled(model, 1, cores, gustafson_time(0.01, 0.02, cores), seed,
                               sigma=0.01, workload=workload, scaling="weak", size=2_000_000,
                               bytes_per_rep=bytes_per_core * cores,
                               flops_per_rep=4e6 * cores))
    if include_ceiling and workload != "triad":
        records.append(record("triad", "openmp", 1, 8, 0.05, bytes_per_rep=8 * 4.8e7))
    return records


class BandwidthCapTest(unittest.TestCase):
    def test_a_memory_bound_weak_study_is_not_promised_more_than_the_ceiling(self):
        one = only_study(triad_weak())
        ex = series_of(one, "openmp").extrapolation
        measured_best = series_of(one, "openmp").points[-1].speedup.value
        # the ceiling is the best bandwidth measured, here by the 8-core run itself
        self.assertAlmostEqual(ex.cap, measured_best, places=6)
        self.assertLessEqual(float(np.max(ex.high)), ex.cap + 1e-9)
        self.assertLess(float(ex.curve[-1]), 8.01)
        self.assertIn("capped by the measured memory bandwidth", ex.note)
        self.assertIn("memory bandwidth: openmp 1x8 moves", one.verdict)
        self.assertIn("100 % of the measured ceiling", one.verdict)

    def test_without_a_measured_ceiling_a_memory_bound_study_is_not_extrapolated(self):
        one = only_study(triad_weak(include_ceiling=False, workload="heat"))
        ex = series_of(one, "openmp").extrapolation
        self.assertFalse(ex.drawn)
        self.assertIn("no memory-bandwidth ceiling", ex.note)
        self.assertIn("no bandwidth ceiling to compare with", one.verdict)


class NoiseTest(unittest.TestCase):
    def test_wide_ci_and_foreign_load_are_flagged_next_to_the_point(self):
        loaded = quiet_noise(cpus=2, foreign_share=0.3)
        one = only_study([sampled("serial", 1, 1, 1.0, 1), sampled("mpi", 1, 1, 1.0, 2),
                          sampled("mpi", 2, 1, 0.6, 3, sigma=0.25),
                          sampled("openmp", 1, 2, 0.5, 4, noise=loaded)])
        mpi2 = series_of(one, "mpi").points[1]
        openmp2 = series_of(one, "openmp").points[0]
        self.assertIn("noisy", mpi2.flags)
        self.assertNotIn("noisy", openmp2.flags)
        self.assertIn("foreign load", openmp2.flags)
        text = "\n".join(one.warnings)
        self.assertRegex(text, r"noisy \(95 % CI half-width above 5 % of the median.*\): "
                               r"mpi 2x1 \(±\d+ %, n=15\)")
        self.assertIn("overlapped foreign load", text)
        self.assertIn("openmp 1x2 (30 %)", text)
        # the verdict compares openmp 1x2 with mpi 2x1: it says the load was there
        self.assertIn("Caution: other processes or the hypervisor used up to 30 % of the CPUs "
                      "while openmp 1x2 "
                      "ran", one.verdict)

    def test_steal_time_counts_as_foreign_load(self):
        stolen = quiet_noise(cpus=2, steal_s=0.05, wall_s=1.0)
        one = only_study([sampled("serial", 1, 1, 1.0, 1, noise=stolen)])
        self.assertIn("foreign load", one.references["serial"].flags)

    def test_one_tick_of_steal_is_the_resolution_not_load(self):
        # /proc/stat counts steal in 10 ms ticks: one tick on a half-second run is 2 % of
        # its wall time, but no evidence; two ticks are.
        one_tick = quiet_noise(cpus=2, steal_s=0.01, wall_s=0.5)
        one = only_study([sampled("serial", 1, 1, 1.0, 1, noise=one_tick)])
        self.assertNotIn("foreign load", one.references["serial"].flags)
        two_ticks = quiet_noise(cpus=2, steal_s=0.02, wall_s=0.5)
        one = only_study([sampled("serial", 1, 1, 1.0, 1, noise=two_ticks)])
        self.assertIn("foreign load", one.references["serial"].flags)


class VerdictTest(unittest.TestCase):
    def two_core_study(self, openmp_time, mpi_time):
        return only_study([sampled("serial", 1, 1, 1.0, 1), sampled("openmp", 1, 1, 1.0, 2),
                           sampled("mpi", 1, 1, 1.0, 3), sampled("openmp", 1, 2, openmp_time, 4),
                           sampled("mpi", 2, 1, mpi_time, 5)])

    def test_indistinguishable_when_the_ratio_ci_contains_one(self):
        one = self.two_core_study(0.5, 0.5)
        self.assertRegex(one.verdict, r"(tall \(openmp 1x2\)|wide \(mpi 2x1\)) indistinguishable "
                                      r"here \(ratio [01]\.\d\d, CI 0\.\d+-1\.\d+\)")
        self.assertIn("At 2 cores no way of scaling is shown better", one.verdict)
        self.assertTrue(one.verdict.startswith("At 2 cores"))

    def test_a_clear_winner_is_named_with_the_ci_of_the_ratio(self):
        one = self.two_core_study(0.65, 0.5)
        self.assertIn("At 2 cores, scale wide here: mpi 2x1 is fastest", one.verdict)
        self.assertRegex(one.verdict, r"tall \(openmp 1x2\) takes 1\.3\dx as long \(95 % CI "
                                      r"1\.\d\d-1\.\d\d\)")
        self.assertIn("No validated model or simulation backs a prediction beyond 2 cores",
                      one.verdict)
        self.assertNotIn("Caution", one.verdict)  # quiet records

    def test_a_busy_machine_withholds_the_choice_even_with_a_clear_ratio(self):
        busy = quiet_noise(cpus=2, foreign_share=0.6)
        one = only_study([sampled("serial", 1, 1, 1.0, 1), sampled("openmp", 1, 1, 1.0, 2),
                          sampled("mpi", 1, 1, 1.0, 3),
                          sampled("openmp", 1, 2, 0.65, 4, noise=busy),
                          sampled("mpi", 2, 1, 0.5, 5, noise=busy)])
        self.assertTrue(one.verdict.startswith(
            "At 2 cores no way of scaling is chosen: the machine was too busy (other processes "
            "or the hypervisor used up to 60 % of the CPUs)"), one.verdict)
        self.assertNotIn("scale wide here", one.verdict)
        # the measured ratio is still reported, with its CI
        self.assertRegex(one.verdict, r"tall \(openmp 1x2\) takes 1\.3\dx as long")

    def model(self, ranks, predicted, measured=1.0):
        checks = [Check(record={"ranks": ranks, "threads": 1}, network="shm",
                        predicted=predicted, measured=measured, share=1.0)]
        return InterconnectModel(checks=checks, curves={"shm": ([], 1.0, 8)},
                                 counts=[1, 2, 4, 8], worst=worst_error(checks))

    def test_a_validated_interconnect_model_is_cited(self):
        one = self.two_core_study(0.65, 0.5)
        one.interconnect = self.model(ranks=2, predicted=1.1)
        verdict = study_verdict(one, analyze([record("x", "serial", 1, 1, 1.0)], 64).roofline)
        self.assertIn("The interconnect model is validated (worst error 10 % on 1 measured "
                      "runs with a core per rank, tolerance 25 %); it predicts efficiency "
                      "below 50 %: shm from 8 ranks.", verdict)

    def test_a_model_judged_only_on_its_one_rank_calibration_is_not_validated(self):
        model = self.model(ranks=1, predicted=1.0)
        self.assertFalse(model.validated)
        self.assertIn("judged only on 1-rank runs", model.status())

    def test_an_unvalidated_interconnect_model_is_not_cited(self):
        one = self.two_core_study(0.65, 0.5)
        one.interconnect = self.model(ranks=2, predicted=1.6)
        verdict = study_verdict(one, analyze([record("x", "serial", 1, 1, 1.0)], 64).roofline)
        self.assertIn("No validated model or simulation backs a prediction beyond 2 cores "
                      "(the interconnect model is NOT validated", verdict)
        self.assertNotIn("predicts", verdict)
        caption = interconnect_caption(one.interconnect)
        self.assertIn("NOT validated (worst error 60 %", caption)
        self.assertIn("not cited in the verdict", caption)


class BadSamplesTest(unittest.TestCase):
    def test_malformed_samples_are_one_line_and_exit_2(self):
        bad = record("w", "serial", 1, 1, 1.0)
        bad["time"]["samples"] = [0.1, None]
        work = out_dir("bad-samples")
        os.makedirs(work)
        path = write_jsonl(os.path.join(work, "bad.jsonl"), [bad])
        result = run_script("report", path, "-o", os.path.join(work, "out"))
        self.assertEqual(result.returncode, 2)
        self.assertRegex(result.stderr, r"^report: error: .*bad\.jsonl: record 1: "
                                        r"'time\.samples' must be a non-empty list of "
                                        r"seconds\n$")
        self.assertFalse(os.path.exists(os.path.join(work, "out")))


if __name__ == "__main__":
    unittest.main()
