# SPDX-License-Identifier: MIT
"""scripts/sweep --virtual-cluster on a real 2-host virtual cluster: spread puts one rank on
each namespace host and the records say TCP and both hosts; packed puts both ranks on one
host and the records say shared memory; the interconnect model calibrated on those records
ranks TCP and shared memory as the measurements do; without a cluster up the option is one
line, exit 2. Run: /usr/bin/python3 test_sweep_cluster.py (exit 77 where `ip netns` is not
permitted)."""

import os
import subprocess
import sys
import tempfile
import unittest

from scalelab.model.calibration import calibrate
from scalelab.model.predict import network, predict
from scalelab.model.workloads import WORKLOADS
from scalelab.records import read_records

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


# A small heat study at 1 and 2 ranks: halo messages in every one of its 200 steps, so the
# interconnect shows. And the ping-pong probe of messages up to 8 bytes (alpha; larger ones
# take too long over TCP on a loaded 2-core machine for a test), one rep.
HEAT = ["heat", "--cores", "1,2", "--size", "64x64", "--app-args", "--steps 200",
        "--reps", "3", "--warmup", "1"]
PINGPONG = ["costs", "--cores", "2", "--size", "8", "--app-args", "--probe pingpong",
            "--reps", "1", "--warmup", "0"]


def sweep(out, placement, study):
    result = subprocess.run([SWEEP, "strong", *study, "--models", "mpi", "--out", out,
                             "--bin-dir", BIN_DIR, "--virtual-cluster", placement],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return read_records(out)


def mpi_record(records, ranks):
    return [r for r in records if r["model"] == "mpi" and r["ranks"] == ranks][0]


class SweepOnVirtualCluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = tempfile.mkdtemp(prefix="sweep-vc-test-")
        subprocess.run([CLUSTER, "up", "2"], check=True, capture_output=True)
        try:
            cls.runs = {placement: sweep(os.path.join(work, f"{placement}.jsonl"), placement,
                                         HEAT) for placement in ("spread", "packed")}
            cls.probes = {placement: sweep(os.path.join(work, f"pp-{placement}.jsonl"),
                                           placement, PINGPONG)
                          for placement in ("spread", "packed")}
        except BaseException:
            subprocess.run([CLUSTER, "down"], capture_output=True)
            raise

    @classmethod
    def tearDownClass(cls):
        subprocess.run([CLUSTER, "down"], check=True, capture_output=True)

    def test_spread_runs_one_rank_per_host_over_tcp(self):
        record = mpi_record(self.runs["spread"], 2)
        self.assertTrue(record["verified"])
        hosts = sorted(p["host"] for p in record["provenance"]["placement"])
        self.assertEqual(hosts, [f"{PREFIX}-h1", f"{PREFIX}-h2"])
        self.assertEqual(record["provenance"]["transport"], "tcp")
        self.assertEqual(record["provenance"]["virtual_cluster"]["placement"], "spread")
        self.assertIn("vc=spread", record["sweep"]["key"])

    def test_packed_runs_every_rank_on_one_host_over_shared_memory(self):
        record = mpi_record(self.runs["packed"], 2)
        self.assertTrue(record["verified"])
        hosts = [p["host"] for p in record["provenance"]["placement"]]
        self.assertEqual(hosts, [f"{PREFIX}-h1"] * 2)
        self.assertEqual(record["provenance"]["transport"], "shared-memory")
        self.assertEqual(record["provenance"]["virtual_cluster"]["placement"], "packed")

    def test_model_ranks_tcp_and_shared_memory_as_measured(self):
        records = [r for runs in (*self.runs.values(), *self.probes.values()) for r in runs]
        cal = calibrate(records)
        self.assertEqual(set(cal.networks), {"shm", "tcp-measured"})
        self.assertGreater(cal.networks["tcp-measured"].alpha, cal.networks["shm"].alpha)
        tcp, shm = mpi_record(self.runs["spread"], 2), mpi_record(self.runs["packed"], 2)
        size = WORKLOADS["heat"].size(tcp)
        predicted = {name: predict(cal, "heat", size, 2, network(cal, name)).total
                     for name in ("tcp-measured", "shm")}
        measured = {"tcp-measured": tcp["time"]["median"], "shm": shm["time"]["median"]}
        print(f"\nheat 64x64, 200 steps, 2 ranks: predicted {predicted}, measured {measured}")
        self.assertEqual(predicted["tcp-measured"] > predicted["shm"],
                         measured["tcp-measured"] > measured["shm"])
        self.assertGreater(predicted["tcp-measured"], predicted["shm"])


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
