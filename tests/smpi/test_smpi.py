# SPDX-License-Identifier: MIT
"""Tests of the SMPI build (cmake --preset smpi) and scripts/simulate, scripts/platform.
Run: /usr/bin/python3 -m pytest tests/smpi, with SCALELAB_SMPI_BIN_DIR
(build-smpi/bin) and SCALELAB_MEASURED_BIN_DIR (build/bin) set."""

import os
import subprocess
import tempfile
import unittest

from scalelab.records import read_records
from scalelab.sim.platforms import host_slots, preset
from scalelab.sim.smpi import Launch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SMPI_BIN = os.environ.get("SCALELAB_SMPI_BIN_DIR", os.path.join(REPO, "build-smpi", "bin"))
MEASURED_BIN = os.environ.get("SCALELAB_MEASURED_BIN_DIR", os.path.join(REPO, "build", "bin"))

MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_pml="ob1", OMPI_MCA_btl="self,vader",
               OMPI_MCA_rmaps_base_oversubscribe="1")


def platform_file(directory, name="eth-10g", nodes=8, cores=1):
    path = os.path.join(directory, f"{name}.xml")
    with open(path, "w") as handle:
        handle.write(preset(name, nodes, cores).xml())
    return path


def one_record(path):
    records = read_records(path)
    assert len(records) == 1, f"{path}: {len(records)} records, expected 1"
    return records[0]


def simulated(directory, workload, ranks, args):
    out = os.path.join(directory, f"sim-{workload}-{ranks}.jsonl")
    binary = os.path.join(SMPI_BIN, f"scalelab-{workload}")
    with Launch(platform_file(directory), ranks, binary,
                ["--model", "mpi", "--quiet", "--output", out] + args) as launch:
        result = subprocess.run(launch.argv, capture_output=True, text=True)
    assert result.returncode == 0, f"simulated {workload}: {result.stderr[-2000:]}"
    return one_record(out)


def measured(directory, workload, ranks, args):
    out = os.path.join(directory, f"measured-{workload}-{ranks}.jsonl")
    binary = os.path.join(MEASURED_BIN, f"scalelab-{workload}")
    assert os.access(binary, os.X_OK), f"no {binary}: build the release preset first"
    result = subprocess.run(["mpirun", "-n", str(ranks), binary, "--model", "mpi", "--quiet",
                             "--output", out] + args, capture_output=True, text=True,
                            env=MPI_ENV)
    assert result.returncode == 0, f"measured {workload}: {result.stderr[-2000:]}"
    return one_record(out)


def field(record, path):
    for key in path.split("."):
        record = record[key]
    return record


# What the README promises is identical between models and decompositions, per workload.
CASES = {
    "pi": (["--size", "2M", "--reps", "1"], ["result.hits"]),
    "wordcount": (["--size", "2M", "--reps", "1"], ["result"]),
    "heat": (["--size", "64x48", "--steps", "20", "--reps", "1"],
             ["result.digest", "result.total_heat", "check.details.replay"]),
    "matmul": (["--size", "96", "--values", "dyadic", "--reps", "1"], ["result.c_fingerprint"]),
    "groupby": (["--size", "50k", "--reps", "1"], ["result"]),
    "triad": (["--size", "1M", "--reps", "1"], ["result", "check.details.wrong_elements"]),
}


class MatchesMeasured(unittest.TestCase):
    """Each workload's simulated mpi run verifies and gives the measured run's answer."""

    def test_each_workload_at_1_and_4_ranks(self):
        for workload, (args, fields) in CASES.items():
            for ranks in (1, 4):
                with self.subTest(workload=workload, ranks=ranks), \
                        tempfile.TemporaryDirectory() as tmp:
                    sim = simulated(tmp, workload, ranks, args)
                    real = measured(tmp, workload, ranks, args)
                    self.assertEqual(sim["status"], "ok", sim["check"])
                    self.assertTrue(sim["verified"])
                    self.assertEqual(sim["ranks"], ranks)
                    self.assertIn("SMPI", sim["provenance"]["mpi_library"])
                    for path in fields:
                        self.assertEqual(field(sim, path), field(real, path), path)

    def test_simulated_time_is_the_simulated_clock(self):
        # pi's ranks share one host core: at 4 ranks the host works as long as at 1, but the
        # simulated ranks work in parallel, so the simulated time per rep must drop.
        with tempfile.TemporaryDirectory() as tmp:
            args = ["--size", "40M", "--reps", "3"]
            one = simulated(tmp, "pi", 1, args)["time"]["median"]
            four = simulated(tmp, "pi", 4, args)["time"]["median"]
            self.assertLess(four, one / 2)


class Refusals(unittest.TestCase):
    """What the SMPI build cannot do: one line naming the option, exit 2, no record."""

    CASES = [
        ("pi", ["--model", "openmp"], "--model openmp: not available in the SMPI build"),
        ("pi", ["--model", "hybrid"], "--model hybrid: not available in the SMPI build"),
        ("pi", ["--model", "serial"], "--model serial: not available in the SMPI build"),
        ("heat", ["--model", "mpi", "--checkpoint", "c.h5"],
         "--checkpoint: not available in the SMPI build"),
        ("heat", ["--model", "mpi", "--restart", "c.h5"],
         "--restart: not available in the SMPI build"),
        ("heat", ["--model", "mpi", "--snapshot", "s.h5"],
         "--snapshot: not available in the SMPI build"),
        ("matmul", ["--model", "mpi", "--save", "m.h5"], "--save: not available in the SMPI build"),
        ("matmul", ["--model", "mpi", "--input", "m.h5"],
         "--input: not available in the SMPI build"),
        ("groupby", ["--model", "mpi", "--input", "rows.h5"],
         "--input: not available in the SMPI build"),
    ]

    def test_each_refusal(self):
        for workload, args, message in self.CASES:
            for ranks in (1, 2):
                with self.subTest(args=args, ranks=ranks), tempfile.TemporaryDirectory() as tmp:
                    out = os.path.join(tmp, "r.jsonl")
                    binary = os.path.join(SMPI_BIN, f"scalelab-{workload}")
                    with Launch(platform_file(tmp), ranks, binary,
                                args + ["--output", out]) as launch:
                        result = subprocess.run(launch.argv, capture_output=True, text=True,
                                                cwd=tmp, timeout=60)
                    self.assertEqual(result.returncode, 2, result.stderr)
                    ours = [line for line in result.stderr.splitlines()
                            if line.startswith("scalelab-")]
                    self.assertEqual(len(ours), 1, result.stderr)
                    self.assertIn(message, ours[0])
                    self.assertFalse(os.path.exists(out))

    def test_groupby_csv_input_still_works(self):
        with tempfile.TemporaryDirectory() as tmp:
            csv = os.path.join(tmp, "rows.csv")
            with open(csv, "w") as handle:
                handle.write("SETTLEMENTDATE,DUID,SCADAVALUE\n2024/01/01 00:05:00,A,1.5\n"
                             "2024/01/01 00:05:00,B,2.5\n2024/01/01 00:10:00,A,3\n")
            record = simulated(tmp, "groupby", 2, ["--input", csv, "--reps", "1"])
            self.assertEqual(record["status"], "ok")
            self.assertEqual(record["result"]["groups"], 2)


SIMULATE = os.path.join(REPO, "scripts", "simulate")
PLATFORM = os.path.join(REPO, "scripts", "platform")


class SimulatedStudy(unittest.TestCase):
    def run_study(self, *args):
        return subprocess.run([SIMULATE, *args, "--bin-dir", SMPI_BIN], capture_output=True,
                              text=True, timeout=240)

    def test_strong_study_records_and_resume(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "pi.jsonl")
            args = ["strong", "pi", "--platform", "ib-hdr-fat-tree", "--ranks", "1,2,16",
                    "--size", "4M", "--reps", "2", "--out", out]
            result = self.run_study(*args)
            self.assertEqual(result.returncode, 0, result.stderr)
            records = read_records(out)
            self.assertEqual([r["ranks"] for r in records], [1, 2, 16])
            hits = {r["result"]["hits"] for r in records}
            self.assertEqual(len(hits), 1, "the answer must not depend on the rank count")
            for r in records:
                self.assertEqual(r["status"], "ok")
                sim = r["provenance"]["simulation"]
                self.assertEqual(sim["engine"], "SimGrid SMPI")
                self.assertEqual(sim["platform_name"], "ib-hdr-fat-tree")
                self.assertTrue(sim["simgrid_version"])
                self.assertGreater(sim["wall_s"], 0)
                # Every simulated rank runs in the simulator's one process: its peak, no
                # per-rank peaks that would each repeat it.
                peak = r["memory"]["peak_rss_bytes"]
                self.assertEqual(set(peak), {"simulator_process"})
                self.assertGreater(peak["simulator_process"], 0)
            again = self.run_study(*args)
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertEqual(again.stdout.count("already recorded"), 3)

    def test_weak_study_grows_the_size(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "heat.jsonl")
            result = self.run_study("weak", "heat", "--platform", "eth-10g", "--ranks", "1,4",
                                    "--size", "32x32", "--reps", "1", "--app-args",
                                    "--steps 10", "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            sizes = [record["size"] for record in read_records(out)]
            self.assertEqual(sizes[1], 4 * sizes[0])

    def test_bad_input(self):
        cases = [
            (["strong", "pi", "--platform", "nowhere.xml"], "--platform: 'nowhere.xml'"),
            (["strong", "pi", "--platform", "eth-10g", "--ranks", "8192"], "--ranks"),
            (["strong", "nosuch", "--platform", "eth-10g"], "unknown workload 'nosuch'"),
            (["strong", "pi", "--platform", "eth-10g", "--ranks", "two"], "--ranks"),
        ]
        for args, message in cases:
            with self.subTest(args=args), tempfile.TemporaryDirectory() as tmp:
                result = self.run_study(*args, "--out", os.path.join(tmp, "o.jsonl"))
                self.assertEqual(result.returncode, 2)
                self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
                self.assertIn(message, result.stderr)
                self.assertFalse(os.path.exists(os.path.join(tmp, "o.jsonl")))

    def test_more_ranks_than_the_platform_has(self):
        with tempfile.TemporaryDirectory() as tmp:
            small = platform_file(tmp, nodes=2, cores=2)
            result = self.run_study("strong", "pi", "--platform", small, "--ranks", "8",
                                    "--out", os.path.join(tmp, "o.jsonl"))
            self.assertEqual(result.returncode, 2)
            self.assertIn("8 ranks but --platform", result.stderr)


VALIDATE = os.path.join(REPO, "scripts", "validate-simulation")


class Validation(unittest.TestCase):
    """scripts/validate-simulation end to end on pi, the cheapest workload: one row per
    layout, its numbers consistent, the virtual cluster taken down again; and bad input."""

    def validate(self, *args):
        return subprocess.run([VALIDATE, "--workloads", "pi", "--reps", "2", "--rounds", "1",
                               *args], capture_output=True, text=True, timeout=280)

    def test_a_row_per_layout_over_shared_memory_and_tcp(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "validation.jsonl")
            result = self.validate("--tcp", "--out", out)
            # 0 or 1: whether the rows meet the goal depends on how busy the machine is.
            self.assertIn(result.returncode, (0, 1), result.stderr)
            rows = []  # validation rows, not records
            read_records(out, validations=rows)
            self.assertEqual([(r["network"], r["ranks"], r["nodes"]) for r in rows],
                             [("shared memory", 1, 1), ("shared memory", 2, 1),
                              ("tcp", 2, 2), ("tcp", 3, 3), ("tcp", 4, 4)])
            for row in rows:
                self.assertEqual(row["kind"], "simulation_validation")
                self.assertEqual((row["measured"]["n"], row["simulated"]["n"]), (2, 2))
                self.assertAlmostEqual(row["error"], row["simulated"]["median"]
                                       / row["measured"]["median"] - 1)
                low, high = row["error_ci"]
                self.assertLessEqual(low, high)
                self.assertEqual(row["judged"], row["why_not_judged"] is None)
            cores = len(os.sched_getaffinity(0))
            for row in rows:
                if row["ranks"] > cores:
                    self.assertEqual(row["why_not_judged"],
                                     f"{row['ranks']} ranks on {cores} cores")
            self.assertIn("platform (tcp): 4 nodes of 1 core, tcp ", result.stdout)
            namespaces = subprocess.run(["ip", "netns", "list"], capture_output=True,
                                        text=True).stdout
            self.assertNotIn("slvalid-", namespaces)

    def test_bad_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            cases = [(["--out", tmp], f"--out: '{tmp}' is not writable"),
                     (["--workloads", "pi,nosuch"], "scalelab-nosuch"),
                     (["--rounds", "0"], "--reps and --rounds must be at least 1")]
            for args, message in cases:
                with self.subTest(args=args):
                    result = self.validate(*args)
                    self.assertEqual(result.returncode, 2)
                    self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
                    self.assertIn(message, result.stderr)
                    self.assertEqual(result.stdout, "")


class Platforms(unittest.TestCase):
    def test_presets_describe_what_they_claim(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name, nodes, cores in (("ib-hdr-fat-tree", 64, 1), ("eth-100g", 8, 4)):
                out = os.path.join(tmp, name + ".xml")
                result = subprocess.run([PLATFORM, "preset", name, "--nodes", str(nodes),
                                         "--cores-per-node", str(cores), "--out", out],
                                        capture_output=True, text=True)
                self.assertEqual(result.returncode, 0, result.stderr)
                slots = host_slots(out)
                self.assertEqual(len(slots), nodes * cores)
                self.assertEqual(slots[:cores], ["node-0"] * cores)
                with open(out) as handle:
                    text = handle.read()
                self.assertIn("README \"Interconnect model\"", text)

    def test_calibrate_from_this_machine(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "mine.xml")
            result = subprocess.run([PLATFORM, "calibrate", "--workload", "pi", "--size", "4M",
                                     "--nodes", "3", "--out", out, "--measured-bin-dir",
                                     MEASURED_BIN, "--smpi-bin-dir", SMPI_BIN],
                                    capture_output=True, text=True, env=MPI_ENV, timeout=120)
            self.assertEqual(result.returncode, 0, result.stderr)
            cores = len(os.sched_getaffinity(0))
            self.assertEqual(len(host_slots(out)), 3 * cores)
            with open(out) as handle:
                text = handle.read()
            self.assertIn("speed: pi/mpi on 1 rank measured", text)
            self.assertIn("probe pingpong over shared memory on this machine", text)
            # SimGrid accepts it: a 2-rank run on it verifies.
            record_path = os.path.join(tmp, "r.jsonl")
            with Launch(out, 2, os.path.join(SMPI_BIN, "scalelab-pi"),
                        ["--model", "mpi", "--size", "4M", "--reps", "1", "--quiet",
                         "--output", record_path]) as launch:
                run = subprocess.run(launch.argv, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(one_record(record_path)["status"], "ok")

    def test_sources_naming_options_stay_valid_xml(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "p.xml")
            platform = preset("eth-10g", 2, 2)
            platform.sources = ("loopback: scalelab-costs --probe pingpong",)
            with open(path, "w") as handle:
                handle.write(platform.xml())
            self.assertEqual(host_slots(path), ["node-0", "node-0", "node-1", "node-1"])

    def test_bad_platform_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            junk = os.path.join(tmp, "junk.xml")
            with open(junk, "w") as handle:
                handle.write("<platform><cluster radical='a-b'/></platform>")
            for args, message in (
                    (["preset", "nosuch", "--out", os.path.join(tmp, "x.xml")], "nosuch"),
                    (["preset", "eth-10g", "--out", os.path.join(tmp, "no", "x.xml")], "--out"),
                    (["preset", "ib-hdr-fat-tree", "--nodes", "7", "--out",
                      os.path.join(tmp, "x.xml")], "--nodes: 7 nodes")):
                with self.subTest(args=args):
                    result = subprocess.run([PLATFORM, *args], capture_output=True, text=True)
                    self.assertEqual(result.returncode, 2)
                    self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
                    self.assertIn(message, result.stderr)
            with self.assertRaisesRegex(Exception, "radical 'a-b'"):
                host_slots(junk)


if __name__ == "__main__":
    unittest.main()
