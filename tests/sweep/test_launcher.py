# SPDX-License-Identifier: MIT
"""The sweep speaks the dialect of the MPI launcher the apps were built with: Open MPI's
mpirun (-x, --map-by, --bind-to) or MPICH's Hydra mpiexec (-genv, -bind-to core:N). Run in
each build (release: Open MPI; mpich preset: MPICH) with SCALELAB_MPIRUN set to that build's
MPIEXEC_EXECUTABLE, and SCALELAB_BIN_DIR to its apps. Needs 2 cores."""

import os
import subprocess
import tempfile
import unittest

from scalelab.records import read_records
from scalelab.sweep.launch import Mpirun

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SWEEP = os.path.join(REPO, "scripts", "sweep")
BIN_DIR = os.environ.get("SCALELAB_BIN_DIR", os.path.join(REPO, "build", "bin"))

# What each dialect must use to hand OMP_NUM_THREADS to every rank.
ENV_OPTION = {"openmpi": "-x", "hydra": "-genv"}


class LauncherDialect(unittest.TestCase):
    def test_the_builds_launcher_runs_mpi_and_hybrid_layouts(self):
        mpirun = Mpirun()  # $SCALELAB_MPIRUN (ctest: the build's), else mpirun on PATH
        self.assertIn(mpirun.flavour, ENV_OPTION, f"{mpirun.path} is neither Open MPI nor Hydra")
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, "pi.jsonl")
            result = subprocess.run(
                [SWEEP, "strong", "pi", "--models", "mpi,hybrid", "--cores", "2",
                 "--size", "200k", "--reps", "1", "--warmup", "0", "--out", out, "--quiet",
                 "--bin-dir", BIN_DIR],
                capture_output=True, text=True, timeout=240)
            self.assertEqual(result.returncode, 0, result.stderr)
            records = read_records(out)
        layouts = sorted((r["model"], r["ranks"], r["threads"]) for r in records)
        self.assertEqual(layouts, [("hybrid", 1, 2), ("hybrid", 2, 1), ("mpi", 2, 1)])
        for record in records:
            self.assertTrue(record["verified"], record.get("message"))
            command = record["sweep"]["command"]
            self.assertEqual(command[0], mpirun.path)
            self.assertIn(ENV_OPTION[mpirun.flavour], command)
            # Every rank ran, its threads each on a CPU of their own: 2 cores, 2 CPUs used.
            placement = record["provenance"]["placement"]
            self.assertEqual(len(placement), record["ranks"], placement)
            cpus = [cpu for p in placement for cpu in p["thread_cpus"]]
            self.assertEqual(len(cpus), 2, placement)
            self.assertEqual(len(set(cpus)), 2, placement)

    def test_an_unknown_launcher_gets_only_the_rank_count(self):
        with tempfile.TemporaryDirectory() as work:
            fake = os.path.join(work, "mpiexec")
            with open(fake, "w") as handle:
                handle.write("#!/bin/sh\necho 'SomeVendor MPI launcher 1.0'\n")
            os.chmod(fake, 0o755)
            mpirun = Mpirun(fake)
        self.assertEqual(mpirun.flavour, "unknown")
        self.assertEqual(mpirun.env_args({"OMP_NUM_THREADS": "2"}), [])
        self.assertEqual(mpirun.placement_args(2, 1, "core", False), [])


if __name__ == "__main__":
    unittest.main()
