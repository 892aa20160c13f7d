"""Property test (a seeded fuzz) of the JSONL record reader every script uses,
scalelab_records.read_records. For thousands of random files built from valid records, cut
at random bytes, with random bytes flipped, inserted or dropped, the reader must either
return records or raise RecordError naming the file and a line number — never another
exception — and a file cut mid-line (an interrupted append) must give back exactly the whole
records before the cut, with a warning."""

import io
import json
import os
import random
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "scripts"))
from scalelab_records import RecordError, read_records  # noqa: E402


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
            data = b"".join(json.dumps(r).encode() + b"\n" for r in records)
            cut = rng.randrange(0, len(data) + 1)
            self.write(data[:cut])
            got, warnings = self.read()
            whole = data[:cut].count(b"\n")
            self.assertEqual([r["index"] for r in got], list(range(whole)))
            partial = cut > 0 and data[cut - 1:cut] != b"\n"
            self.assertEqual("truncated final line" in warnings, partial, f"cut at {cut}")

    def test_random_corruption_is_records_or_one_named_error(self):
        rng = random.Random(2)
        for _ in range(self.ROUNDS):
            records = [record(rng, i) for i in range(rng.randrange(1, 5))]
            data = bytearray(b"".join(json.dumps(r).encode() + b"\n" for r in records))
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
            try:
                got, _ = self.read()
            except RecordError as error:
                self.assertRegex(str(error), r"^" + self.path + r":\d+: ")
                continue
            self.assertTrue(all(isinstance(r, dict) for r in got))


if __name__ == "__main__":
    unittest.main()
