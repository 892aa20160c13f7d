# SPDX-License-Identifier: MIT
"""The record file rule of scalelab_records, case by case: which lines are records, which are
skipped with a warning naming file:line, when a file is an error; and append_record, the
sweep's writer, which leaves a cut line behind a newline as the apps do."""

import io
import json
import os
import random
import tempfile
import unittest

from helpers import failed_record, record
from scalelab.records import (
    MAX_WARNINGS,
    RecordError,
    append_record,
    fom_text,
    read_files,
    read_records,
    take_single_record,
)


def line(rec):
    return json.dumps(rec).encode() + b"\n"


class ReadRecords(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="records-")
        self.path = os.path.join(self.dir, "r.jsonl")
        self.a = record("pi", "serial", 1, 1, 0.5)
        self.b = record("pi", "mpi", 2, 1, 0.3)

    def write(self, data):
        with open(self.path, "wb") as handle:
            handle.write(data)

    def read(self):
        warnings = io.StringIO()
        return read_records(self.path, warn=warnings), warnings.getvalue().splitlines()

    def test_a_cut_line_in_the_middle_is_skipped_with_one_warning(self):
        # A run cut mid-write, then the next run appended after a newline of its own.
        self.write(line(self.a) + line(self.b)[:57] + b"\n" + line(self.b))
        got, warnings = self.read()
        self.assertEqual(got, [self.a, self.b])
        self.assertEqual(len(warnings), 1)
        self.assertRegex(warnings[0], f"^warning: {self.path}:2: skipped a line that is not a "
                                      r"record: not JSON \(column \d+: ")

    def test_a_cut_final_line_is_skipped_and_a_whole_one_without_newline_read(self):
        self.write(line(self.a) + line(self.b)[:-20])
        got, warnings = self.read()
        self.assertEqual(got, [self.a])
        self.assertEqual(warnings, [f"warning: {self.path}:2: skipped a line that is not a "
                                    "record: cut off (no newline at the end)"])
        self.write(line(self.a) + line(self.b)[:-1])
        self.assertEqual(self.read(), ([self.a, self.b], []))

    def test_latin1_bytes_in_a_string_are_replaced_and_named(self):
        latin1 = line(self.b).replace(b'"testhost"', b'"caf\xe9"')
        self.write(line(self.a) + latin1)
        got, warnings = self.read()
        self.assertEqual(got[1]["provenance"]["hosts"], ["caf\ufffd"])
        self.assertEqual(warnings, [f"warning: {self.path}:2: bytes that are not UTF-8 read "
                                    "as U+FFFD"])

    def test_invalid_utf8_outside_a_string_makes_a_line_that_is_skipped(self):
        self.write(line(self.a) + b"\xff" + line(self.b))
        got, warnings = self.read()
        self.assertEqual(got, [self.a])
        self.assertEqual(len(warnings), 1)
        self.assertIn(f"{self.path}:2: skipped a line that is not a record: not JSON", warnings[0])

    def test_objects_that_are_not_records_are_skipped_naming_the_reason(self):
        wrong_type = dict(self.b, ranks="2")
        no_workload = {k: v for k, v in self.b.items() if k != "workload"}
        # The last without its newline: whole, so not a cut write but what it is.
        self.write(line(self.a) + line(wrong_type) + line(no_workload) + b"[1, 2]")
        got, warnings = self.read()
        self.assertEqual(got, [self.a])
        self.assertEqual([w.split(": ", 3)[-1] for w in warnings],
                         ["'ranks' is not a positive integer", "lacks workload",
                          "a JSON list, not an object"])

    def test_validation_rows_are_handed_over_not_read_or_warned_about(self):
        row = {"kind": "simulation_validation", "workload": "pi", "ranks": 2}
        self.write(line(self.a) + line(row) + line(self.b))
        rows = []
        warnings = io.StringIO()
        got = read_records(self.path, warn=warnings, validations=rows)
        self.assertEqual(got, [self.a, self.b])
        self.assertEqual(rows, [row])
        self.assertEqual(warnings.getvalue(), "")
        self.write(line(row))  # a file of validation rows alone holds no records: no error
        self.assertEqual(self.read(), ([], []))

    def test_a_failed_run_needs_no_time_but_its_identity(self):
        failed = failed_record("pi", "mpi", 2, 1)
        nameless = {k: v for k, v in failed.items() if k != "ranks"}
        self.write(line(failed) + line(nameless))
        got, warnings = self.read()
        self.assertEqual(got, [failed])
        self.assertRegex(warnings[0], r":2: skipped a line that is not a record: lacks ranks$")

    def test_an_empty_or_blank_file_has_no_records_and_is_no_error(self):
        for data in (b"", b"\n\n  \n"):
            self.write(data)
            self.assertEqual(self.read(), ([], []))

    def test_a_file_with_nothing_usable_is_one_error_and_no_warning(self):
        rng = random.Random(3)
        garbage = bytes(rng.randrange(256) for _ in range(4000))
        for data in (garbage, line(self.a)[:30], b"not json\n{}\n"):
            self.write(data)
            warnings = io.StringIO()
            with self.assertRaisesRegex(RecordError, f"^{self.path}: not a record file: none of "
                                                     r"its \d+ line\(s\) is a record \(line 1: "):
                read_records(self.path, warn=warnings)
            self.assertEqual(warnings.getvalue(), "")

    def test_a_directory_or_a_missing_file_cannot_be_read(self):
        with self.assertRaisesRegex(RecordError, f"^{self.dir}: cannot read: Is a directory$"):
            read_records(self.dir)
        missing = os.path.join(self.dir, "nope.jsonl")
        with self.assertRaisesRegex(RecordError, "cannot read: No such file or directory$"):
            read_records(missing)

    def test_warnings_are_capped_with_a_count_of_the_rest(self):
        self.write(line(self.a) + b"cut\n" * (MAX_WARNINGS + 5))
        got, warnings = self.read()
        self.assertEqual(got, [self.a])
        self.assertEqual(len(warnings), MAX_WARNINGS + 1)
        self.assertEqual(warnings[-1], f"warning: {self.path}: 5 more such lines")

    def test_a_runs_single_record_is_taken_and_its_file_removed(self):
        self.write(line(self.a))
        self.assertEqual(take_single_record(self.path), self.a)
        self.assertFalse(os.path.exists(self.path))

    def test_no_single_record_is_none_and_the_file_still_goes(self):
        for data in (line(self.a) + line(self.b), b"not json\n", b""):
            self.write(data)
            self.assertIsNone(take_single_record(self.path), data)
            self.assertFalse(os.path.exists(self.path))
        self.assertIsNone(take_single_record(self.path))  # no file at all

    def test_silent_without_a_stream(self):
        self.write(line(self.a) + b"cut\n")
        self.assertEqual(read_records(self.path, warn=None), [self.a])

    def test_read_files_returns_the_warnings_instead_of_printing_them(self):
        other = os.path.join(self.dir, "s.jsonl")
        self.write(line(self.a) + b"cut\n")
        with open(other, "wb") as handle:
            handle.write(line(self.b))
        records, warnings = read_files([self.path, other])
        self.assertEqual(records, [self.a, self.b])
        self.assertEqual(warnings.splitlines(), [f"warning: {self.path}:2: skipped a line that "
                                                 "is not a record: not JSON (column 1: "
                                                 "Expecting value)"])


class AppendRecord(unittest.TestCase):
    def setUp(self):
        self.path = os.path.join(tempfile.mkdtemp(prefix="append-"), "r.jsonl")
        self.a = record("pi", "serial", 1, 1, 0.5)
        self.b = dict(record("pi", "mpi", 2, 1, 0.3), note="caf\u00e9 \u2603")

    def data(self):
        with open(self.path, "rb") as handle:
            return handle.read()

    def test_creates_the_file_and_appends_whole_lines(self):
        append_record(self.path, self.a)
        append_record(self.path, self.b)
        self.assertEqual(self.data().count(b"\n"), 2)
        self.assertEqual(read_records(self.path, warn=None), [self.a, self.b])

    def test_after_a_cut_line_writes_a_newline_first_and_keeps_the_cut_line(self):
        cut = line(self.a)[:50]
        with open(self.path, "wb") as handle:
            handle.write(cut)
        append_record(self.path, self.b)
        self.assertTrue(self.data().startswith(cut + b"\n{"))
        self.assertTrue(self.data().endswith(b"}\n"))
        warnings = io.StringIO()
        self.assertEqual(read_records(self.path, warn=warnings), [self.b])
        self.assertIn(f"{self.path}:1: skipped", warnings.getvalue())


class FomText(unittest.TestCase):
    def test_null_and_other_values_are_shown_not_formatted_as_numbers(self):
        self.assertEqual(fom_text({"samples_per_s": 1.25e8, "GB_per_s": None, "x": "y"}),
                         '1.25e+08 samples/s, null GB/s, "y" x')
        self.assertEqual(fom_text({"ms_per_rep": 3.0, "a": 1}, leave_out=("ms_per_rep",)), "1 a")
        self.assertEqual(fom_text(None), "-")


if __name__ == "__main__":
    unittest.main()
