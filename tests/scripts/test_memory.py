# SPDX-License-Identifier: MIT
"""Peak memory in the records and in the report: the accessors of scalelab_records, the
memory figure and table of a study on real records that carry the memory block
(fixtures/triad-memory.jsonl: a 2M-element triad study on 1 and 2 cores, mpi 2x1 three
times), the note of a study whose records predate it (fixtures/pi-strong.jsonl), and the
median and notes over records of one configuration where only some carry it. Every expected
value is computed here from the records themselves."""

import os
import statistics
import unittest

from helpers import FIXTURES, only_study, out_dir, record, run_script, simulated_record
from scalelab.plot.formatting import size_bytes
from scalelab.records import declared_memory, peak_memory, read_records, simulator_peak_memory

MEMORY_FIXTURE = os.path.join(FIXTURES, "triad-memory.jsonl")
OLD_FIXTURE = os.path.join(FIXTURES, "pi-strong.jsonl")


def fixture_records(path):
    return read_records(path)


def with_memory(rec, per_rank, declared=None):
    """rec with the driver's memory block for these per-rank peaks (bytes)."""
    rec["memory"] = {"peak_rss_bytes": {"per_rank": per_rank, "sum": sum(per_rank),
                                        "max": max(per_rank), "per_node": []},
                     "declared_bytes": declared, "what": "test"}
    return rec


def section(markdown, title):
    """The Markdown of one study's "Peak memory" part."""
    study = markdown.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    return study.split("### Peak memory\n", 1)[1].split("\n### ", 1)[0]


class AccessorTest(unittest.TestCase):
    def test_a_record_with_the_block(self):
        for rec in fixture_records(MEMORY_FIXTURE):
            peak = peak_memory(rec)
            self.assertEqual(len(peak["per_rank"]), rec["ranks"])
            self.assertTrue(all(p > 0 for p in peak["per_rank"]))
            self.assertEqual(peak["sum"], sum(peak["per_rank"]))
            self.assertEqual(peak["max"], max(peak["per_rank"]))
            self.assertEqual(peak["per_node"][0]["ranks"], rec["ranks"])
            # triad declares its three arrays of doubles over all ranks.
            self.assertEqual(declared_memory(rec)["sum"], 24 * rec["size"])

    def test_records_written_before_it_have_none(self):
        for rec in fixture_records(OLD_FIXTURE):
            self.assertIsNone(peak_memory(rec))
            self.assertIsNone(declared_memory(rec))

    def test_a_simulated_record_has_the_simulators_peak_only(self):
        rec = simulated_record("heat", 4, 0.1)
        rec["memory"] = {"peak_rss_bytes": {"simulator_process": 123456789},
                         "declared_bytes": None, "what": "SMPI"}
        self.assertIsNone(peak_memory(rec))
        self.assertEqual(simulator_peak_memory(rec), 123456789)


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = out_dir("memory-report")
        cls.result = run_script("report", MEMORY_FIXTURE, OLD_FIXTURE, "-o", cls.dir)
        with open(os.path.join(cls.dir, "report.md"), encoding="utf-8") as handle:
            cls.markdown = handle.read()
        with open(os.path.join(cls.dir, "report.html"), encoding="utf-8") as handle:
            cls.html = handle.read()

    def test_the_figure_is_written_for_the_study_with_memory_only(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        for fmt in ("png", "svg"):
            path = os.path.join(self.dir, f"triad-strong-memory.{fmt}")
            self.assertGreater(os.path.getsize(path), 1000, path)
            self.assertFalse(os.path.exists(os.path.join(self.dir, f"pi-strong-memory.{fmt}")))
        self.assertIn("![triad: strong scaling, size 2M: peak memory](triad-strong-memory.png)",
                      self.markdown)
        self.assertRegex(self.html, r'<img src="data:image/png;base64,[^"]+" '
                                    r'alt="triad: strong scaling, size 2M: peak memory">')

    def test_table_rows_are_the_medians_of_the_records(self):
        configs = {}
        for rec in fixture_records(MEMORY_FIXTURE):
            configs.setdefault((rec["model"], f"{rec['ranks']}x{rec['threads']}"), []).append(rec)
        rows = {}
        for line in section(self.markdown, "triad: strong scaling, size 2M").splitlines():
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 9 and cells[2].isdigit():
                rows[(cells[0].replace(" (slower layout)", ""), cells[1])] = cells
        self.assertEqual(set(rows), set(configs))
        self.assertEqual(len(configs[("mpi", "2x1")]), 3)  # the fixture's repeated run
        for (model, layout), recs in configs.items():
            sums = [r["memory"]["peak_rss_bytes"]["sum"] for r in recs]
            total = statistics.median(sums)
            declared = recs[0]["memory"]["declared_bytes"]["sum"]
            cores = recs[0]["cores"]
            self.assertEqual(rows[(model, layout)][2:], [
                str(cores), str(len(recs)), size_bytes(total), size_bytes(total / cores),
                size_bytes(statistics.median(r["memory"]["peak_rss_bytes"]["max"]
                                             for r in recs)),
                size_bytes(declared), f"{total / declared:.2f}"], (model, layout))

    def test_ranks_hold_more_than_threads_in_these_records(self):
        # What the figure is for: at 2 cores, two ranks each hold their runtime and share of
        # the arrays, two threads share one process. True of the fixture's measured values.
        by_config = {(r["model"], r["ranks"], r["threads"]): r["memory"]["peak_rss_bytes"]["sum"]
                     for r in fixture_records(MEMORY_FIXTURE)}
        self.assertGreater(by_config[("mpi", 2, 1)], by_config[("openmp", 1, 2)])

    def test_a_study_without_memory_gets_a_note(self):
        note = "memory was not recorded for these runs"
        self.assertIn(note, section(self.markdown, "pi: strong scaling, size 20M"))
        self.assertNotIn(note, section(self.markdown, "triad: strong scaling, size 2M"))
        self.assertNotRegex(section(self.markdown, "pi: strong scaling, size 20M"), r"\| MB")
        self.assertIn(note, self.html)


class MedianOverRecordsTest(unittest.TestCase):
    def test_median_and_n_of_a_configurations_records(self):
        recs = [with_memory(record("synth", "mpi", 2, 1, 0.5), [a, b])
                for a, b in ((4e6, 6e6), (20e6, 20e6), (9e6, 11e6))]
        recs.append(with_memory(record("synth", "serial", 1, 1, 1.0), [7e6], {"sum": 5e6,
                                                                              "max": 5e6}))
        one = only_study(recs)
        rows = {row.run.label: row for row in one.memory}
        self.assertEqual((rows["mpi 2x1"].n, rows["mpi 2x1"].peak_sum), (3, 20e6))
        self.assertEqual(rows["mpi 2x1"].per_core, 10e6)
        self.assertEqual(rows["mpi 2x1"].peak_max, 11e6)
        self.assertIsNone(rows["mpi 2x1"].declared_sum)
        self.assertEqual(rows["serial 1x1"].measured_over_declared, 7e6 / 5e6)
        self.assertIsNone(one.memory_note)

    def test_records_without_memory_are_named_and_left_out(self):
        recs = [with_memory(record("synth", "mpi", 2, 1, 0.5), [4e6, 6e6]),
                record("synth", "mpi", 2, 1, 0.5), record("synth", "openmp", 1, 2, 0.5),
                with_memory(record("synth", "serial", 1, 1, 1.0), [7e6])]
        one = only_study(recs)
        rows = {row.run.label: row for row in one.memory}
        self.assertEqual((rows["mpi 2x1"].n, rows["mpi 2x1"].peak_sum), (1, 10e6))
        self.assertEqual((rows["openmp 1x2"].n, rows["openmp 1x2"].peak_sum), (0, None))
        self.assertRegex(one.memory_note, r"^memory was not recorded in some records: "
                                          r"openmp 1x2 \(1 of 1\), mpi 2x1 \(1 of 2\);")


if __name__ == "__main__":
    unittest.main()
