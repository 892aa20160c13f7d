# SPDX-License-Identifier: MIT
"""Bad input to scripts/plot and scripts/report: exit code 2, exactly one line on stderr
naming the file or option and what was wrong, and no output directory left behind."""

import json
import os
import unittest

from helpers import failed_record, out_dir, record, run_script, write_jsonl

GOOD = json.dumps(record("pi", "serial", 1, 1, 0.5))


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.inputs = out_dir("bad-input")
        os.makedirs(cls.inputs)

    def write(self, name, text):
        path = os.path.join(self.inputs, name)
        with open(path, "w") as handle:
            handle.write(text)
        return path

    def expect_usage_error(self, script, args, pattern):
        target = os.path.join(self.inputs, f"out-{self.id().split('.')[-1]}-{script}")
        result = run_script(script, *args, "-o", target) if "-o" not in args else \
            run_script(script, *args)
        with self.subTest(script=script):
            self.assertEqual(result.returncode, 2, result.stderr)
            lines = result.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, result.stderr)
            self.assertRegex(lines[0], f"^{script}: error: ")
            self.assertRegex(lines[0], pattern)
            self.assertEqual(result.stdout, "")
            self.assertFalse(os.path.exists(target), "output written despite the error")

    def both(self, args, pattern):
        for script in ("plot", "report"):
            self.expect_usage_error(script, args, pattern)

    def test_no_line_is_a_record(self):
        path = self.write("malformed.jsonl", "{\"workload\": \"pi\", oops}\n" + GOOD[:40] + "\n")
        self.both([path], r"malformed\.jsonl: not a record file: none of its 2 line\(s\) is a "
                          r"record \(line 1: not JSON \(column 20: Expecting property name")

    def test_empty_file(self):
        path = self.write("empty.jsonl", "")
        self.both([path], r"no records in .*empty\.jsonl$")

    def test_records_of_another_tool_only(self):
        path = self.write("other.jsonl", json.dumps({"name": "x", "t": 1}) + "\n")
        self.both([path], r"other\.jsonl: not a record file: .*\(line 1: lacks workload, model")

    def test_malformed_memory_block(self):
        bad = dict(json.loads(GOOD), memory={"peak_rss_bytes": {"per_rank": ["a lot"]}})
        path = self.write("memory.jsonl", GOOD + "\n" + json.dumps(bad) + "\n")
        self.both([path], r"memory\.jsonl: record 2 \(pi/serial 1x1\): "
                          r"'memory\.peak_rss_bytes\.per_rank' must be a list of bytes")

    def test_mixed_schema_wrong_types(self):
        older = dict(json.loads(GOOD), time=0.5)
        path = self.write("types.jsonl", GOOD + "\n" + json.dumps(older) + "\n")
        self.both([path], r"types\.jsonl: record 2 \(pi/serial 1x1\): 'time' must be an "
                          r"object with numeric min, median and max")

    def test_layout_that_does_not_multiply(self):
        bad = dict(json.loads(GOOD), cores=3)
        path = self.write("cores.jsonl", json.dumps(bad) + "\n")
        self.both([path], r"'cores' is not ranks x threads")

    def test_only_failed_runs(self):
        path = write_jsonl(os.path.join(self.inputs, "failed.jsonl"),
                           [failed_record("pi", "mpi", 2, 1)])
        self.both([path], r"no successful run to plot in .*failed\.jsonl")

    def test_missing_file(self):
        self.both([os.path.join(self.inputs, "nope.jsonl")], r"nope\.jsonl: cannot read")

    def test_bad_extrapolate(self):
        path = self.write("good.jsonl", GOOD + "\n")
        self.both([path, "--extrapolate", "0"], r"--extrapolate.*'0' is not a positive")

    def test_output_is_a_file(self):
        path = self.write("good2.jsonl", GOOD + "\n")
        blocker = self.write("a-file", "")
        for script in ("plot", "report"):
            result = run_script(script, path, "-o", blocker)
            self.assertEqual(result.returncode, 2)
            self.assertEqual(result.stderr.strip(),
                             f"{script}: error: -o: '{blocker}' exists and is not a directory")


class LinesThatAreNotRecordsTest(unittest.TestCase):
    """A line cut by a crash, at the end or (once the next run appended) in the middle, an
    object of another tool: each skipped with one warning naming file:line, the rest
    plotted."""

    def test_are_skipped_with_a_warning_each_and_the_rest_plotted(self):
        inputs = out_dir("not-records")
        os.makedirs(inputs)
        path = write_jsonl(os.path.join(inputs, "cut.jsonl"),
                           [record("pi", "serial", 1, 1, 0.5)], trailing=GOOD[:40] + "\n")
        with open(path, "a") as handle:
            handle.write(json.dumps({"name": "x"}) + "\n")
            handle.write(json.dumps(record("pi", "openmp", 1, 2, 0.3)) + "\n" + GOOD[:30])
        result = run_script("plot", path, "-o", os.path.join(inputs, "out"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr.splitlines(), [
            f"warning: {path}:2: skipped a line that is not a record: not JSON "
            "(column 39: Unterminated string starting at)",
            f"warning: {path}:3: skipped a line that is not a record: lacks workload, model, "
            "variant, scaling, size, ranks, threads, cores, reps, verified, status, time, fom",
            f"warning: {path}:5: skipped a line that is not a record: cut off (no newline at "
            "the end)"])
        self.assertIn("openmp reaches 1.67x (no CI: no samples) on 2 cores", result.stdout)


if __name__ == "__main__":
    unittest.main()
