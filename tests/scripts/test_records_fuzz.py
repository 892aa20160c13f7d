# SPDX-License-Identifier: MIT
"""Property test (a seeded fuzz) of the JSONL record reader every script uses,
scalelab_records.read_records. For thousands of random files built from valid records, cut
at random bytes, with random bytes flipped, inserted or dropped, the reader must return the
records of every line left intact and skip every other line with one warning naming
file:line, or, when no line is a record any more, raise RecordError naming the file — never
another exception. A file cut mid-line (an interrupted append) gives back exactly the whole
records before the cut, with a warning for the cut line."""

import io
import json
import os
import random
import tempfile
import unittest

from scalelab.records import RecordError, read_records


def record(rng, i):
    return {"workload": "pi", "model": rng.choice(["serial", "mpi", "hybrid"]),
            "variant": "pi/mpi", "scaling": "strong", "size": rng.randrange(1, 10**9),
            "ranks": rng.randrange(1, 9), "threads": 1, "cores": 1, "reps": 3,
            "time": {"min": rng.random(), "median": rng.random()},
            "fom": {"samples_per_s": rng.random() * 1e9}, "verified": True, "status": "ok",
            "note": "".join(rng.choice("aé\\\"{}[],: \u2603") for _ in range(rng.randrange(8))),
            "index": i}


class RecordReaderFuzz(unittest.TestCase):
    ROUNDS = 1500

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="records-fuzz-")
        self.path = os.path.join(self.dir, "r.jsonl")

    def write(self, data):
        with open(self.path, "wb") as handle:
            handle.write(data)

    def read(self):
        warnings = io.StringIO()
        return read_records(self.path, warn=warnings), warnings.getvalue()

    def test_a_cut_anywhere_keeps_exactly_the_whole_records_before_it(self):
        rng = random.Random(1)
        for _ in range(self.ROUNDS):
            records = [record(rng, i) for i in range(rng.randrange(1, 6))]
            lines = [json.dumps(r).encode() for r in records]
            data = b"".join(line + b"\n" for line in lines)
            cut = rng.randrange(0, len(data) + 1)
            self.write(data[:cut])
            ends = [sum(len(line) + 1 for line in lines[:i + 1]) - 1 for i in range(len(lines))]
            whole = sum(1 for end in ends if end <= cut)  # the text of the record is all there
            partial = cut > 0 and cut not in ends and data[cut - 1:cut] != b"\n"
            if whole == 0 and partial:
                with self.assertRaisesRegex(RecordError, "^" + self.path + ": not a record"):
                    self.read()
                continue
            got, warnings = self.read()
            self.assertEqual([r["index"] for r in got], list(range(whole)), f"cut at {cut}")
            expected = f"{self.path}:{whole + 1}: skipped a line that is not a record: cut off"
            self.assertEqual(expected in warnings, partial, f"cut at {cut}: {warnings}")
            self.assertEqual(len(warnings.splitlines()), int(partial))

    def test_random_corruption_keeps_every_intact_line_and_names_every_skipped_one(self):
        rng = random.Random(2)
        for _ in range(self.ROUNDS):
            records = [record(rng, i) for i in range(rng.randrange(1, 5))]
            originals = {json.dumps(r).encode(): r["index"] for r in records}
            data = bytearray(b"".join(line + b"\n" for line in originals))
            for _ in range(rng.randrange(1, 4)):
                at = rng.randrange(len(data) + 1)
                action = rng.randrange(3)
                if action == 0 and at < len(data):
                    data[at] = rng.randrange(256)
                elif action == 1:
                    data[at:at] = bytes([rng.randrange(256)])
                elif at < len(data):
                    del data[at]
            self.write(bytes(data))
            lines = [line for line in bytes(data).split(b"\n") if line.strip()]
            intact = [originals[line] for line in lines if line in originals]
            try:
                got, warnings = self.read()
            except RecordError as error:
                self.assertRegex(str(error), r"^" + self.path + r": not a record file: ")
                self.assertEqual(intact, [], "a file with intact records was refused")
                continue
            self.assertTrue(all(isinstance(r, dict) for r in got))
            got_intact = [r["index"] for r in got if json.dumps(r).encode() in originals]
            for index in intact:
                self.assertIn(index, got_intact)
            skipped = [w for w in warnings.splitlines() if ": skipped a line" in w]
            self.assertEqual(len(got) + len(skipped), len(lines), warnings)
            for warning in warnings.splitlines():
                self.assertRegex(warning, r"^warning: " + self.path + r":\d+: ")


if __name__ == "__main__":
    unittest.main()
