# SPDX-License-Identifier: MIT
"""Every script that reads records, on every shape of record file the apps (and the sweep)
can leave behind: it prints its output (exit 0) or exactly one line on stderr (exit 2),
never a traceback. The shapes: figures of merit and medians that are null (the apps write
NaN and infinities as null), lines cut by a crash in the middle and at the end, bytes that
are not UTF-8, failed runs (no time), records with timed samples, another tool's objects,
binary garbage, an empty file and a directory; for the cost probes the same cuts and nulls."""

import json
import os
import random
import shutil
import stat
import unittest

from helpers import FIXTURES, failed_record, out_dir, record, run_script
from scalelab.records import read_records

SAMPLES = [0.50, 0.52, 0.49, 0.51, 0.55, 0.50, 0.53]


PI_SHAPES = ("null-fom", "null-median", "null-median-one", "cut-lines", "invalid-utf8",
             "failed-only", "failed-and-ok", "samples", "other-tool", "garbage", "empty",
             "directory")
COSTS_SHAPES = ("costs", "costs-cut", "costs-null-medians")
USABLE = ("null-fom", "cut-lines", "invalid-utf8", "failed-and-ok", "samples")
UNUSABLE = ("garbage", "other-tool", "directory", "empty")


def dump(rec):
    return json.dumps(rec).encode() + b"\n"


def pi_study(**changes):
    """A small pi strong study, every time and figure of merit as the driver writes them."""
    runs = [record("pi", "serial", 1, 1, 0.5), record("pi", "mpi", 1, 1, 0.51),
            record("pi", "mpi", 2, 1, 0.27), record("pi", "openmp", 1, 2, 0.26)]
    return [dict(r, **changes) for r in runs]


def with_nulls(value, key):
    """value with every number under `key` (at any depth) replaced by null."""
    if isinstance(value, dict):
        return {k: (None if k == key and isinstance(v, (int, float)) else with_nulls(v, key))
                for k, v in value.items()}
    if isinstance(value, list):
        return [with_nulls(v, key) for v in value]
    return value


def costs():
    return read_records(os.path.join(FIXTURES, "costs.jsonl"))


def shapes():
    """name -> file content (bytes), or None for a directory."""
    pi = pi_study()
    null_median = [dict(r, time={k: None for k in r["time"]}) for r in pi]
    sampled = [dict(r, time=dict(r["time"], samples=[s * r["time"]["median"] / 0.5
                                                     for s in SAMPLES[:5 + i]]))
               for i, r in enumerate(pi)]
    latin1 = dump(pi[1]).replace(b'"testhost"', b'"caf\xe9"')
    rng = random.Random(7)
    cost_lines = [dump(r) for r in costs()]
    return {
        "null-fom": b"".join(dump(dict(r, fom={"samples_per_s": None})) for r in pi),
        "null-median": b"".join(dump(r) for r in null_median),
        "null-median-one": b"".join(dump(r) for r in pi[:2] + null_median[2:3] + pi[3:]),
        "cut-lines": dump(pi[0]) + dump(pi[1])[:70] + b"\n" + dump(pi[2]) + dump(pi[3])[:-9],
        "invalid-utf8": dump(pi[0]) + latin1 + b"\xff\xfe" + dump(pi[2]) + dump(pi[3]),
        "failed-only": dump(failed_record("pi", "mpi", 2, 1)),
        "failed-and-ok": b"".join(dump(r) for r in pi) + dump(failed_record("pi", "mpi", 4, 1)),
        "samples": b"".join(dump(r) for r in sampled + sampled[1:2]),
        "other-tool": dump({"name": "bench", "t": 1.5}) + dump({"workload": "pi"}),
        "garbage": bytes(rng.randrange(256) for _ in range(3000)),
        "empty": b"",
        "directory": None,
        "costs": b"".join(cost_lines),
        "costs-cut": cost_lines[0] + cost_lines[1][:100] + b"\n" + b"".join(cost_lines[2:]),
        "costs-null-medians": b"".join(dump(with_nulls(r, "median")) for r in costs()),
    }


def fake_app(directory, rec=None):
    """A scalelab-pi for the sweep that lists its models and appends one record (a good
    one unless given)."""
    path = os.path.join(directory, "scalelab-pi")
    good = json.dumps(rec or record("pi", "serial", 1, 1, 0.5))
    with open(path, "w") as handle:
        handle.write("#!/bin/sh\n"
                     "case \"$*\" in *--list-models*) echo serial; exit 0;; esac\n"
                     "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && out=$2; shift; done\n"
                     f"printf '%s\\n' '{good}' >> \"$out\"\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)


class AnyRecordFile:
    """The files of every shape, in a directory of each test class (ctest runs the classes
    in parallel), and running the scripts on them."""

    @classmethod
    def setUpClass(cls):
        cls.dir = out_dir(f"any-record-file-{cls.__name__}")
        os.makedirs(cls.dir)
        cls.files = {}
        for name, data in shapes().items():
            path = os.path.join(cls.dir, f"{name}.jsonl")
            if data is None:
                os.mkdir(path)
            else:
                with open(path, "wb") as handle:
                    handle.write(data)
            cls.files[name] = path
        cls.bin = os.path.join(cls.dir, "bin")
        os.mkdir(cls.bin)
        fake_app(cls.bin)

    def command(self, script, name):
        path = self.files[name]
        if script == "sweep":  # resumes from a copy of the file: the sweep appends to it
            sweep_out = path
            if not os.path.isdir(path):
                sweep_out = os.path.join(self.dir, f"sweep-{name}.jsonl")
                shutil.copyfile(path, sweep_out)
            return ["sweep", "strong", "pi", "--models", "serial", "--cores", "1", "--reps",
                    "1", "--quiet", "--bin-dir", self.bin, "--out", sweep_out]
        out = os.path.join(self.dir, f"out-{script}-{name}")
        return {"table": ["table", path], "table --csv": ["table", path, "--csv"],
                "plot": ["plot", path, "-o", out], "report": ["report", path, "-o", out],
                "model": ["model", path, "--workload", "pi", "--network", "ib-hdr"],
                "latency-table": ["latency-table", path, "--no-mpi-init"]}[script]

    def outcomes(self, scripts, names):
        """Runs each script on each shape, checks the answer is output or one error line,
        and returns the exit codes by (script, shape)."""
        codes = {}
        for name in names:
            for script in scripts:
                result = run_script(*self.command(script, name))
                codes[(script, name)] = result.returncode
                with self.subTest(script=script, shape=name):
                    self.assertNotIn("Traceback", result.stderr)
                    self.assertIn(result.returncode, (0, 2), result.stderr)
                    if result.returncode == 2:
                        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
                        self.assertRegex(result.stderr, f"^{script.split()[0]}: error: ")
                    else:
                        self.assertTrue(all(line.startswith("warning: ")
                                            for line in result.stderr.splitlines()),
                                        result.stderr)
        return codes


class PlotAndReport(AnyRecordFile, unittest.TestCase):
    def test_plot_and_report(self):
        codes = self.outcomes(("plot", "report"), PI_SHAPES)
        for name in USABLE:
            self.assertEqual(codes[("plot", name)], 0, name)
            self.assertEqual(codes[("report", name)], 0, name)
        for name in UNUSABLE:
            self.assertEqual(codes[("plot", name)], 2, name)
            self.assertEqual(codes[("report", name)], 2, name)


class OtherScripts(AnyRecordFile, unittest.TestCase):
    def test_table_model_latency_table_and_the_sweep(self):
        scripts = ("table", "table --csv", "model", "latency-table", "sweep")
        codes = self.outcomes(scripts, PI_SHAPES + COSTS_SHAPES)
        for name in USABLE:
            self.assertEqual(codes[("table", name)], 0, name)
            self.assertEqual(codes[("table --csv", name)], 0, name)
        for name in UNUSABLE:
            for script in ("table", "model", "latency-table"):
                self.assertEqual(codes[(script, name)], 2, (script, name))
        for name in ("costs", "costs-cut"):
            self.assertEqual(codes[("latency-table", name)], 0, name)
        # Resuming: any file of records, however damaged, is appended to; one that holds
        # no record at all is refused rather than written into.
        for name in USABLE + ("null-median", "empty", "costs", "costs-cut"):
            self.assertEqual(codes[("sweep", name)], 0, name)
        for name in ("garbage", "other-tool", "directory"):
            self.assertEqual(codes[("sweep", name)], 2, name)

    def test_the_sweep_reports_a_run_with_null_median_and_figures_of_merit(self):
        bin_dir = os.path.join(self.dir, "bin-nulls")
        os.mkdir(bin_dir)
        rec = record("pi", "serial", 1, 1, 0.5)
        fake_app(bin_dir, dict(rec, time=dict(rec["time"], median=None),
                               fom={"things_per_s": None}))
        out = os.path.join(self.dir, "nulls.jsonl")
        result = run_script("sweep", "strong", "pi", "--models", "serial", "--cores", "1",
                            "--reps", "1", "--bin-dir", bin_dir, "--out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("pi/serial 1x1 ... ok: median null, null things/s", result.stdout)
        self.assertEqual(read_records(out, warn=None)[0]["fom"], {"things_per_s": None})

    def test_the_warnings_name_each_skipped_line(self):
        result = run_script("table", self.files["cut-lines"])
        self.assertEqual(result.returncode, 0, result.stderr)
        path = self.files["cut-lines"]
        self.assertEqual(result.stderr.splitlines(), [
            f"warning: {path}:2: skipped a line that is not a record: not JSON "
            "(column 68: Unterminated string starting at)",
            f"warning: {path}:4: skipped a line that is not a record: cut off (no newline at "
            "the end)"])
        rows = [row for row in result.stdout.splitlines() if row.startswith("pi/")]
        self.assertEqual(len(rows), 2)

    def test_the_sweep_appends_after_a_cut_line_and_keeps_it(self):
        out = os.path.join(self.dir, "resumed.jsonl")
        shutil.copyfile(self.files["cut-lines"], out)
        with open(out, "rb") as handle:
            before = handle.read()
        result = run_script(*self.command("sweep", "cut-lines")[:-1], out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(out, "rb") as handle:
            after = handle.read()
        self.assertTrue(after.startswith(before + b"\n{"), "the cut line was not kept and ended")
        records = read_records(out, warn=None)
        self.assertEqual([(r["model"], r["ranks"], "sweep" in r) for r in records],
                         [("serial", 1, False), ("mpi", 2, False), ("serial", 1, True)])


if __name__ == "__main__":
    unittest.main()
