"""scripts/sweep --virtual-cluster on a real 2-host virtual cluster: spread puts one rank on
each namespace host and the records say TCP and both hosts; packed puts both ranks on one
host and the records say shared memory; without a cluster up the option is one line, exit 2.
Run: /usr/bin/python3 test_sweep_cluster.py (exit 77 where `ip netns` is not permitted)."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SWEEP = os.path.join(REPO, "scripts", "sweep")
CLUSTER = os.path.join(REPO, "slurm", "virtual-cluster.sh")
BIN_DIR = os.environ.get("SCALELAB_BIN_DIR", os.path.join(REPO, "build", "bin"))
# The tests' own cluster (as in netns_env.sh): a user's cluster is never touched.
os.environ.setdefault("SCALELAB_VC_PREFIX", "slt")
os.environ.setdefault("SCALELAB_VC_SUBNET", "10.213.78")
os.environ.setdefault("SCALELAB_VC_STATE", "/run/scalelab-vc-test")
PREFIX = os.environ["SCALELAB_VC_PREFIX"]


def sweep(out, placement):
    return subprocess.run([SWEEP, "strong", "pi", "--models", "mpi", "--cores", "2",
                           "--size", "1M", "--reps", "1", "--warmup", "0", "--out", out,
                           "--bin-dir", BIN_DIR, "--virtual-cluster", placement],
                          capture_output=True, text=True, timeout=180)


def mpi_record(path, ranks):
    with open(path) as handle:
        records = [json.loads(line) for line in handle]
    return [r for r in records if r["model"] == "mpi" and r["ranks"] == ranks][0]


class SweepOnVirtualCluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="sweep-vc-test-")
        subprocess.run([CLUSTER, "up", "2"], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        subprocess.run([CLUSTER, "down"], check=True, capture_output=True)

    def test_spread_runs_one_rank_per_host_over_tcp(self):
        out = os.path.join(self.dir, "spread.jsonl")
        result = sweep(out, "spread")
        self.assertEqual(result.returncode, 0, result.stderr)
        record = mpi_record(out, 2)
        self.assertTrue(record["verified"])
        hosts = sorted(p["host"] for p in record["provenance"]["placement"])
        self.assertEqual(hosts, [f"{PREFIX}-h1", f"{PREFIX}-h2"])
        self.assertEqual(record["provenance"]["transport"], "tcp")
        self.assertEqual(record["provenance"]["virtual_cluster"]["placement"], "spread")
        self.assertIn("vc=spread", record["sweep"]["key"])

    def test_packed_runs_every_rank_on_one_host_over_shared_memory(self):
        out = os.path.join(self.dir, "packed.jsonl")
        result = sweep(out, "packed")
        self.assertEqual(result.returncode, 0, result.stderr)
        record = mpi_record(out, 2)
        self.assertTrue(record["verified"])
        hosts = [p["host"] for p in record["provenance"]["placement"]]
        self.assertEqual(hosts, [f"{PREFIX}-h1"] * 2)
        self.assertEqual(record["provenance"]["transport"], "shared-memory")
        self.assertEqual(record["provenance"]["virtual_cluster"]["placement"], "packed")


class SweepWithoutCluster(unittest.TestCase):
    def test_no_cluster_up_is_one_line_exit_2(self):
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, "none.jsonl")
            env = dict(os.environ, SCALELAB_VC_PREFIX=PREFIX + "none")
            result = subprocess.run([SWEEP, "strong", "pi", "--models", "mpi", "--out", out,
                                     "--bin-dir", BIN_DIR, "--virtual-cluster", "spread"],
                                    capture_output=True, text=True, env=env)
            self.assertEqual(result.returncode, 2)
            lines = result.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, result.stderr)
            self.assertRegex(lines[0], r"--virtual-cluster: .*not up")
            self.assertFalse(os.path.exists(out))

    def test_unknown_placement_is_one_line_exit_2(self):
        result = subprocess.run([SWEEP, "strong", "pi", "--bin-dir", BIN_DIR,
                                 "--virtual-cluster", "everywhere"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertRegex(result.stderr.strip(), r"^sweep: error: --virtual-cluster: "
                         r"'everywhere' is not one of spread, packed$")


def netns_allowed():
    probe = f"{PREFIX}-skipprobe{os.getpid()}"
    if subprocess.run(["ip", "netns", "add", probe], capture_output=True).returncode != 0:
        return False
    subprocess.run(["ip", "netns", "del", probe], check=True)
    return True


if __name__ == "__main__":
    if not netns_allowed():
        print("skipped: 'ip netns add' is not permitted here (needs root with CAP_SYS_ADMIN)")
        sys.exit(77)
    unittest.main(verbosity=2)
