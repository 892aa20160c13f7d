# SPDX-License-Identifier: MIT
"""Simulated records in the analysis and the report: they stay out of the measured baseline,
fits and verdict ratios, form simulated series (a study may be simulated only), carry the
validation status of the workload's simulation into legend, tables and verdict, and a
validation row among records is neither a record nor a malformed line."""

import csv
import os
import tempfile
import unittest

from helpers import (
    FIXTURES,
    lognormal_samples,
    only_study,
    out_dir,
    record,
    run_script,
    simulated_record,
    validation_row,
    write_jsonl,
)
from scalelab.plot.analysis import analyze
from scalelab.plot.loading import InputError, load_records
from scalelab.plot.simulated import validation_of
from scalelab.plot.tables import simulated_text_rows

N = 15  # timed reps per configuration


def measured(model, ranks, threads, median, seed):
    return record("heat", model, ranks, threads, 0,
                  samples=lognormal_samples(median, N, 0.01, seed))


def simulated(ranks, median, seed, **kwargs):
    return simulated_record("heat", ranks, 0, samples=lognormal_samples(median, N, 0.01, seed),
                            **kwargs)


def measured_study():
    """heat measured on 1 and 2 cores (openmp and mpi), mpi 1x1 the fastest 1-core run."""
    return [measured("mpi", 1, 1, 1.0, 1), measured("openmp", 1, 1, 1.05, 2),
            measured("mpi", 2, 1, 0.52, 3), measured("openmp", 1, 2, 0.55, 4)]


def simulated_series_records(**kwargs):
    """Simulated heat at 1..64 ranks; the 1-rank run is faster than any measured one."""
    return [simulated(ranks, 0.6 / ranks + 0.002 * ranks, 10 + ranks, **kwargs)
            for ranks in (1, 4, 16, 64)]


VALIDATED = [validation_row("heat", 1, -0.03), validation_row("heat", 2, -0.07)]


class MeasuredAnalysisTest(unittest.TestCase):
    def setUp(self):
        self.one = only_study(measured_study() + simulated_series_records())

    def test_a_faster_simulated_one_rank_run_is_not_the_baseline(self):
        self.assertEqual(self.one.baseline.run.label, "mpi 1x1")
        self.assertEqual(self.one.baseline.run.n, N)  # the measured samples, nothing pooled in
        self.assertAlmostEqual(self.one.baseline.time, 1.0, delta=0.02)

    def test_simulated_runs_are_not_measured_runs_series_or_fit_points(self):
        self.assertEqual(sorted(run.cores for run in self.one.study.runs), [1, 1, 2, 2])
        self.assertEqual([s.model for s in self.one.series], ["openmp", "mpi"])
        for series in self.one.series:
            self.assertLessEqual(max(series.extrapolation.core_counts or [0]), 2)
        self.assertEqual(self.one.max_cores, 2)
        self.assertIn("At 2 cores", self.one.verdict)

    def test_simulated_speedup_is_over_the_measured_baseline_with_its_ci(self):
        series = self.one.simulated[0]
        self.assertIs(series.baseline, self.one.baseline)
        last = series.points[-1].point
        self.assertEqual(last.run.ranks, 64)
        expected = self.one.baseline.time / last.run.median
        self.assertAlmostEqual(last.speedup.value, expected)
        self.assertAlmostEqual(last.efficiency.value, expected / 64)
        self.assertIsNotNone(last.efficiency.ci)
        self.assertGreater(series.points[0].point.speedup.value, 1.2)  # faster than measured


class SimulatedOnlyTest(unittest.TestCase):
    def test_a_study_of_simulated_runs_only(self):
        one = only_study(simulated_series_records())
        self.assertTrue(one.study.title.endswith(", simulated only"), one.study.title)
        self.assertEqual(one.series, [])
        series = one.simulated[0]
        self.assertEqual(series.baseline.run.ranks, 1)
        self.assertIn("simulated 1-rank run", series.baseline.kind)
        self.assertAlmostEqual(series.points[0].point.speedup.value, 1.0)
        self.assertTrue(one.verdict.startswith("Nothing measured here: no verdict."),
                        one.verdict)
        cited = analyze(simulated_series_records(), 64, VALIDATED).studies[0].verdict
        self.assertIn("no verdict. The simulation of mpi on ib-hdr-fat-tree (SimGrid 3.32), "
                      "validated here within 7 %, gives efficiency", cited)
        self.assertIn("simulated 1-rank run", " ".join(one.summary))

    def test_one_series_per_platform_and_the_mpi_model_only(self):
        records = simulated_series_records() + \
            [simulated(4, 0.2, 40, platform="eth-10g")]
        other = simulated(4, 0.2, 41)
        other["model"] = other["variant"] = "openmp"
        one = only_study(records + [other])
        self.assertEqual([s.platform for s in one.simulated], ["eth-10g", "ib-hdr-fat-tree"])
        self.assertEqual([p.ranks for p in one.simulated[0].points], [4])


class ValidationTest(unittest.TestCase):
    def analysed(self, rows):
        return analyze(measured_study() + simulated_series_records(), 64, rows).studies[0]

    def test_validated_label_and_verdict_sentence(self):
        one = self.analysed(VALIDATED)
        series = one.simulated[0]
        self.assertEqual(series.label,
                         "mpi simulated on ib-hdr-fat-tree (validated here: worst error 7 %)")
        self.assertRegex(one.verdict, r"Beyond the measured cores, the simulation of mpi on "
                                      r"ib-hdr-fat-tree \(SimGrid 3\.32\), validated here within "
                                      r"7 %, gives efficiency \d+ % \(95 % CI .*\) at 64 "
                                      r"simulated ranks against the mpi 1x1")
        self.assertNotIn("No validated model or simulation backs", one.verdict)

    def test_an_error_above_the_goal_is_not_validated_and_never_a_prediction(self):
        one = self.analysed([validation_row("heat", 1, -0.03), validation_row("heat", 2, 0.3)])
        self.assertEqual(one.simulated[0].label, "mpi simulated on ib-hdr-fat-tree "
                                                 "(not validated)")
        self.assertIn("No validated model or simulation backs a prediction beyond 2 cores",
                      one.verdict)
        self.assertIn("The simulation of mpi on ib-hdr-fat-tree (up to 64 ranks) is shown but "
                      "not used for the verdict: not validated: worst judged error 30 % > goal "
                      "15 % (2 ranks, shared memory).", one.verdict)
        self.assertNotIn("Beyond the measured cores", one.verdict)

    def test_nothing_judged_says_why(self):
        rows = [validation_row("heat", 1, -0.3, judged=False,
                               why_not_judged="other processes took 35 % of the CPUs"),
                validation_row("heat", 3, 0.5, judged=False,
                               why_not_judged="3 ranks on 2 cores")]
        one = self.analysed(rows)
        self.assertIn("not used for the verdict: not validated: nothing judged: 3 ranks on 2 "
                      "cores; other processes took 35 % of the CPUs.", one.verdict)

    def test_other_reasons_not_to_validate(self):
        self.assertEqual(validation_of("heat", []).reason,
                         "no validation rows for heat (scripts/validate-simulation)")
        one_rank = validation_of("heat", [validation_row("heat", 1, 0.01)])
        self.assertFalse(one_rank.validated)
        self.assertIn("judged only on 1-rank runs", one_rank.reason)
        other_workload = validation_of("heat", [validation_row("pi", 1, 0.0),
                                                validation_row("pi", 2, 0.0)])
        self.assertFalse(other_workload.validated)

    def test_the_latest_row_of_a_layout_counts(self):
        old = validation_row("heat", 2, 0.4, time_utc="2026-12-01T10:00:00Z")
        status = validation_of("heat", [validation_row("heat", 1, 0.0), old,
                                        validation_row("heat", 2, 0.05)])
        self.assertTrue(status.validated, status.reason)
        self.assertAlmostEqual(status.worst, 0.05)
        status = validation_of("heat", [validation_row("heat", 1, 0.0),
                                        validation_row("heat", 2, 0.05,
                                                       time_utc="2026-12-01T10:00:00Z"),
                                        validation_row("heat", 2, 0.4)])
        self.assertFalse(status.validated)

    def test_a_validated_series_within_the_measured_cores_is_not_cited(self):
        one = analyze(measured_study() + simulated_series_records()[:1], 64,
                      VALIDATED).studies[0]
        self.assertIn("No validated model or simulation backs a prediction beyond 2 cores",
                      one.verdict)
        self.assertNotIn("simulation of mpi", one.verdict)


class SimulatedTableTest(unittest.TestCase):
    def test_communication_share_wall_time_and_failed_runs(self):
        records = [simulated(1, 1.0, 1, breakdown={"compute": 0.9, "halo": 0.1}, wall_s=2.0),
                   simulated(4, 0.3, 2, breakdown={"compute": 0.15, "halo": 0.05}, wall_s=3.0),
                   simulated(16, 0.2, 3), simulated_record("heat", 64, 0, status="failed")]
        one = only_study(records)
        header, rows = simulated_text_rows(one, one.simulated[0])
        share = header.index("communication share")
        self.assertEqual([row[share] for row in rows[:3]], ["10.0 %", "25.0 %", "no breakdown"])
        self.assertEqual(rows[1][header.index("simulation wall time")], "3 s")
        self.assertEqual(rows[3][0], "64")
        self.assertEqual(rows[3][-1], "failed: exit 3: smpirun: killed after 60 s")


class ReadingTest(unittest.TestCase):
    def test_validation_rows_are_no_records_and_no_error(self):
        path = write_jsonl(os.path.join(tempfile.mkdtemp(prefix="simulated-"), "r.jsonl"),
                           [measured("mpi", 1, 1, 1.0, 1)] + VALIDATED)
        records, validations = load_records([path])
        self.assertEqual(len(records), 1)
        self.assertEqual([row["ranks"] for row in validations], [1, 2])

    def test_a_malformed_validation_row_is_one_error_naming_the_file(self):
        bad = dict(VALIDATED[1], judged="yes")
        path = write_jsonl(os.path.join(tempfile.mkdtemp(prefix="simulated-"), "r.jsonl"),
                           [measured("mpi", 1, 1, 1.0, 1), bad])
        with self.assertRaises(InputError) as caught:
            load_records([path])
        self.assertEqual(str(caught.exception), f"{path}: validation row 1 (heat 2 ranks): "
                                                "'judged' must be true or false")


class ReportTest(unittest.TestCase):
    """scripts/report on real records: heat measured here at 1 and 2 cores, simulated by
    scripts/simulate on ib-hdr-fat-tree at 1, 4 and 16 ranks, two validation rows."""

    @classmethod
    def setUpClass(cls):
        cls.dir = out_dir("simulated-report")
        cls.result = run_script("report", os.path.join(FIXTURES, "heat-simulated.jsonl"),
                                "-o", cls.dir)
        with open(os.path.join(cls.dir, "report.md"), encoding="utf-8") as handle:
            cls.markdown = handle.read()

    def test_runs_without_warnings(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertEqual(self.result.stderr, "")

    def test_markdown_has_the_simulated_and_validation_tables(self):
        self.assertIn("### Simulated: mpi on ib-hdr-fat-tree (heat-strong-simulated.csv)",
                      self.markdown)
        self.assertRegex(self.markdown, r"\| ranks \| n \| simulated time \[95 % CI\] \|")
        self.assertRegex(self.markdown, r"\| 16 \| 3 \| 153 us \(n=3 too few\) \|")
        self.assertIn("### Simulation validation: heat", self.markdown)
        self.assertIn("| 2 | 1 | shared memory | 472 us [460 us, 490 us], n=27 |", self.markdown)
        self.assertIn("mpi simulated on ib-hdr-fat-tree (validated here: worst error 7 %)",
                      self.markdown)
        self.assertIn("Beyond the measured cores, the simulation of mpi on ib-hdr-fat-tree",
                      self.markdown)

    def test_figure_legend_and_axis_reach_the_simulated_ranks(self):
        with open(os.path.join(self.dir, "heat-strong.svg"), encoding="utf-8") as handle:
            svg = handle.read()
        self.assertIn("mpi simulated on ib-hdr-fat-tree (validated here: worst error 7 %)", svg)
        self.assertRegex(svg, r">16<")  # a tick label of the core axis

    def test_measured_table_keeps_measured_runs_only(self):
        with open(os.path.join(self.dir, "heat-strong.csv")) as handle:
            cores = [row["cores"] for row in csv.DictReader(handle)]
        self.assertEqual(sorted(set(cores)), ["1", "2"])
        with open(os.path.join(self.dir, "heat-strong-simulated.csv")) as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual([row["ranks"] for row in rows], ["1", "4", "16"])
        self.assertEqual(rows[0]["baseline"], "openmp 1x1 (fastest verified 1-core run)")


if __name__ == "__main__":
    unittest.main()
