# SPDX-License-Identifier: MIT
"""scripts/model on a synthetic calibration whose numbers are chosen so every predicted time
can be worked out by hand (each expected value below is written as that arithmetic), its
validation against measured points, and its bad input (one line, exit 2)."""

import os
import tempfile
import unittest

import helpers
from scalelab.model.calibration import calibrate
from scalelab.model.networks import PUBLISHED
from scalelab.model.predict import curve, network, predict, validate, worst_error
from scalelab.model.workloads import size_of

# Calibration: shared memory alpha 0.5 us, beta 0.1 ns/B; TCP alpha 10 us, beta 1 ns/B;
# MPI allreduce over shared memory exactly twice the tree; over TCP not measured (tree).
MIB = 1 << 20
# What scalelab_records requires of every record, for the probes' records.
PROBE_KEYS = {"variant": "costs/mpi", "scaling": "strong", "size": MIB, "reps": 1,
              "time": {"median": 1.0}, "fom": {}}


def pingpong(kind, alpha_us, beta_ns, host2):
    table = [{"bytes": 0, "blocking": None}]
    for size in (8, MIB):
        table.append({"bytes": size, "blocking": {"half_round_trip_us": {
            "median": alpha_us + (size * beta_ns / 1000 if size > 8 else 0)}}})
    return {**PROBE_KEYS, "workload": "costs", "model": "mpi", "status": "ok",
            "verified": True, "ranks": 2, "threads": 1, "cores": 2,
            "result": {"probe": "pingpong", "transport": {"kind": kind}, "table": table},
            "provenance": {"placement": [{"host": "h1"}, {"host": host2}]}}


def collectives_shm():
    message_s = 0.5e-6 + 8 * 0.1e-9
    row = {"ranks": 2, "bcast_us": {"median": 2 * message_s * 1e6},
           "allreduce_us": {"median": 2 * message_s * 1e6}}
    return {**PROBE_KEYS, "workload": "costs", "model": "mpi", "status": "ok",
            "verified": True, "ranks": 2, "threads": 1, "cores": 2,
            "result": {"probe": "collectives", "message_bytes": 8, "table": [row]},
            "provenance": {"placement": [{"host": "h1"}, {"host": "h1"}]}}


def run(workload, model, ranks, seconds, hosts=None, threads=1, **extra):
    record = {"workload": workload, "model": model, "variant": f"{workload}/{model}",
              "status": "ok", "verified": True, "ranks": ranks, "threads": threads,
              "cores": ranks * threads,
              "time": {"median": seconds}, "scaling": "strong", "size": 0, "reps": 3,
              "fom": {},
              "provenance": {"placement": [{"host": h} for h in (hosts or ["h1"] * ranks)]}}
    record.update(extra)
    return record


HEAT_PARAMS = {"nx": 1000, "ny": 1000, "steps": 10, "start_step": 0}
RECORDS = [
    pingpong("shared-memory", 0.5, 0.1, "h1"), pingpong("network", 10.0, 1.0, "h2"),
    collectives_shm(),
    run("pi", "mpi", 1, 0.01, size=1_000_000),                 # 1e-8 s per sample
    run("heat", "mpi", 1, 0.05, params=HEAT_PARAMS),           # 1e7 cell updates: 5e-9 s
    run("matmul", "serial", 1, 9.0, params={"n": 1000}),       # textbook loop: not used
    run("matmul", "mpi", 1, 1.0, params={"n": 1000}),          # 2e9 flops: 5e-10 s
]


class HandComputedTimes(unittest.TestCase):
    def setUp(self):
        self.cal = calibrate(RECORDS)
        self.tcp = network(self.cal, "tcp-measured")
        self.shm = network(self.cal, "shm")

    def test_calibration(self):
        self.assertAlmostEqual(self.shm.alpha, 0.5e-6)
        self.assertAlmostEqual(self.shm.beta, 0.1e-9)
        self.assertAlmostEqual(self.tcp.alpha, 10e-6)
        self.assertAlmostEqual(self.tcp.beta, 1e-9)
        self.assertAlmostEqual(self.cal.compute("pi"), 1e-8)
        self.assertAlmostEqual(self.cal.compute("matmul"), 5e-10)   # mpi, not the serial loop
        self.assertAlmostEqual(self.cal.factor("shm", "allreduce"), 2.0)
        self.assertEqual(self.cal.factor("tcp-measured", "allreduce"), 1.0)

    def test_simulated_runs_neither_calibrate_nor_are_checked(self):
        # A simulated pi run 10x faster than the measured one: were it used, pi's compute
        # time would change, and validate would check the model against a simulation.
        simulated = run("pi", "mpi", 1, 0.001, size=1_000_000,
                        provenance={"simulation": {"platform_name": "eth-10g"}})
        records = RECORDS + [simulated]
        self.assertAlmostEqual(calibrate(records).compute("pi"), 1e-8)
        checks, _ = validate(calibrate(records), records, "pi", cores_per_host=2)
        self.assertNotIn(simulated, [check.record for check in checks])
        self.assertEqual(len(checks), 1)

    def test_pi_one_reduction(self):
        size = {"samples": 1e8}
        got = predict(self.cal, "pi", size, 4, self.tcp)
        self.assertAlmostEqual(got.compute, 1e8 * 1e-8 / 4)
        self.assertAlmostEqual(got.communication, 2 * (10e-6 + 8 * 1e-9))  # depth 2, tree
        got = predict(self.cal, "pi", size, 4, self.shm)
        self.assertAlmostEqual(got.communication, 2.0 * 2 * (0.5e-6 + 8 * 0.1e-9))

    def test_heat_halo_of_the_process_grid(self):
        size = {"nx": 1000, "ny": 1000, "steps": 10}
        two_by_two = predict(self.cal, "heat", size, 4, self.tcp)
        self.assertAlmostEqual(two_by_two.compute, 1e7 * 5e-9 / 4)
        # one neighbour per axis, each edge 500 cells = 4000 bytes, 10 steps
        self.assertAlmostEqual(two_by_two.communication, 10 * 2 * (10e-6 + 4000e-9))
        four_by_four = predict(self.cal, "heat", size, 16, self.tcp)
        # interior ranks: 4 messages of 250 cells = 2000 bytes
        self.assertAlmostEqual(four_by_four.communication, 10 * 4 * (10e-6 + 2000e-9))
        one_by_two = predict(self.cal, "heat", {"nx": 1000, "ny": 500, "steps": 10}, 2,
                             self.tcp)
        # 2 ranks side by side on the longer x axis: one message of a 500-cell column
        self.assertAlmostEqual(one_by_two.communication, 10 * (10e-6 + 8 * 500 * 1e-9))

    def test_matmul_summa_broadcasts(self):
        got = predict(self.cal, "matmul", {"n": 1000}, 4, self.tcp)
        self.assertAlmostEqual(got.compute, 2e9 * 5e-10 / 4)
        # 2x2 grid, 2 panels; A and B: one tree level, 2 alphas + 8 n (n/2) bytes each
        self.assertAlmostEqual(got.communication, 2 * (2 * 10e-6 + 8 * 1000 * 500 * 1e-9))

    def test_map_reduce_all_to_all(self):
        cal = calibrate(RECORDS + [run("wordcount", "mpi", 1, 2.0, size=1e9)])
        # 12e6 bytes crossed between 4 ranks: each rank's table is 12e6 / 3 = 4e6 bytes
        measured = run("wordcount", "mpi", 4, 1.0, size=1e9)
        measured["result"] = {"shuffle_bytes": 12e6}
        size = size_of(measured)
        self.assertEqual(size, {"units": 1e9, "table_bytes": 4e6})
        got = predict(cal, "wordcount", size, 4, self.tcp)
        self.assertAlmostEqual(got.compute, 2.0 / 4)
        # each rank sends 3 messages of 4e6 / 4 bytes, then a 2-level reduction tree of alphas
        self.assertAlmostEqual(got.communication, 3 * (10e-6 + 1e6 * 1e-9) + 2 * 10e-6)
        # at 8 ranks the table stays 4e6: 7 messages of 4e6 / 8, a 3-level tree
        self.assertAlmostEqual(predict(cal, "wordcount", size, 8, self.tcp).communication,
                               7 * (10e-6 + 5e5 * 1e-9) + 3 * 10e-6)

    def test_map_reduce_gather(self):
        cal = calibrate(RECORDS + [run("groupby", "mpi", 1, 2.0, size=1e9)])
        # rank 0 received 1e6 bytes from the other of 2 ranks: the whole table is 2e6
        measured = run("groupby", "mpi", 2, 1.0, size=1e9)
        measured["result"] = {"shuffle_bytes": 1e6}
        size = size_of(measured)
        self.assertEqual(size, {"units": 1e9, "table_bytes": 2e6})
        got = predict(cal, "groupby", size, 4, self.tcp)
        self.assertAlmostEqual(got.compute, 2.0 / 4)
        # the root receives 3 parts (3 alphas), 3/4 of 2e6 bytes in all, then a 2-level tree
        self.assertAlmostEqual(got.communication, 3 * 10e-6 + 1.5e6 * 1e-9 + 2 * 10e-6)

    def test_published_profile_and_efficiency_floor(self):
        ib = PUBLISHED["ib-hdr"]
        points, base, below = curve(self.cal, "heat", {"nx": 64, "ny": 64, "steps": 1}, ib,
                                    [1, 2, 4, 8, 16])
        self.assertAlmostEqual(base, 64 * 64 * 5e-9)
        self.assertAlmostEqual(points[1].communication, ib.alpha + 8 * 64 * ib.beta)
        efficiencies = [base / (p.ranks * p.total) for p in points]
        first = next(p.ranks for p, e in zip(points, efficiencies) if e < 0.5)
        self.assertEqual(below, first)


class HostContention(unittest.TestCase):
    # heat/openmp on 2 threads: 0.0375 s for the 1e7 updates, i.e. 2 x 0.0375 / 1e7 =
    # 7.5e-9 s per update per core, 1.5 x the 1-core 5e-9: sharing the host costs 50 %.
    RECORDS = RECORDS + [run("heat", "openmp", 1, 0.0375, params=HEAT_PARAMS, threads=2,
                             cores=2)]

    def test_slowdown_from_openmp_runs(self):
        cal = calibrate(self.RECORDS)
        self.assertAlmostEqual(cal.slowdown("heat", 2), 1.5)
        self.assertAlmostEqual(cal.slowdown("heat", 64), 1.5)   # largest measured k <= 64
        self.assertEqual(cal.slowdown("heat", 1), 1.0)
        self.assertEqual(cal.slowdown("pi", 2), 1.0)             # no openmp pi run

    def test_compute_of_ranks_sharing_a_host(self):
        cal = calibrate(self.RECORDS)
        size = {"nx": 1000, "ny": 1000, "steps": 10}
        tcp = network(cal, "tcp-measured")
        packed = predict(cal, "heat", size, 2, tcp)               # both ranks on one host
        self.assertAlmostEqual(packed.compute, 1e7 * 5e-9 * 1.5 / 2)
        spread = predict(cal, "heat", size, 2, tcp, busy=1)       # one rank per host
        self.assertAlmostEqual(spread.compute, 1e7 * 5e-9 / 2)

    def test_virtual_cluster_hosts_are_one_machine(self):
        vc = run("heat", "mpi", 2, 0.05, hosts=["h1", "h2"], params=HEAT_PARAMS,
                 provenance={"placement": [{"host": "h1"}, {"host": "h2"}],
                             "virtual_cluster": {"placement": "spread"}})
        real = run("heat", "mpi", 2, 0.05, hosts=["h1", "h2"], params=HEAT_PARAMS)
        records = self.RECORDS + [vc, real]
        checks, _ = validate(calibrate(records), records, "heat", cores_per_host=2)
        by_vc = {bool(c.record["provenance"].get("virtual_cluster")): c for c in checks
                 if c.record["ranks"] == 2}
        comm = 10 * (10e-6 + 8 * 1000 * 1e-9)                    # 2x1 grid: one 1000-cell row
        self.assertAlmostEqual(by_vc[True].predicted, 1e7 * 5e-9 * 1.5 / 2 + comm)
        self.assertAlmostEqual(by_vc[False].predicted, 1e7 * 5e-9 / 2 + comm)


class Validation(unittest.TestCase):
    def test_error_on_measured_points_uses_each_runs_transport(self):
        exact_tcp = 1e8 * 1e-8 / 2 + 1 * (10e-6 + 8e-9)
        records = RECORDS + [
            run("pi", "mpi", 2, exact_tcp * 1.1, hosts=["h1", "h2"], size=100_000_000),
            run("pi", "mpi", 2, 0.5, hosts=["h1", "h1"], size=100_000_000)]
        checks, unchecked = validate(calibrate(records), records, "pi", cores_per_host=2)
        self.assertEqual(unchecked, [])
        by_net = {(c.record["ranks"], c.network): c for c in checks}
        self.assertAlmostEqual(by_net[(2, "tcp-measured")].error, 1 / 1.1 - 1)
        shm = by_net[(2, "shm")]
        self.assertAlmostEqual(shm.predicted, 0.5 + 2.0 * (0.5e-6 + 8e-10))

    def test_oversubscribed_host_shares_its_cores(self):
        records = RECORDS + [run("pi", "mpi", 4, 0.02, size=1_000_000)]
        checks, _ = validate(calibrate(records), records, "pi", cores_per_host=2)
        four = [c for c in checks if c.record["ranks"] == 4][0]
        self.assertEqual(four.share, 2.0)
        self.assertAlmostEqual(four.predicted, 0.01 / 4 * 2 + 2.0 * 2 * (0.5e-6 + 8e-10))
        # shown with its error, but not judged: the verdict is over the other runs
        self.assertFalse(four.judged)
        self.assertGreater(abs(four.error), 0.25)
        self.assertEqual(worst_error(checks), max(abs(c.error) for c in checks if c is not four))


class CommandLine(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="model-test-")
        self.records = helpers.write_jsonl(os.path.join(self.dir, "r.jsonl"), RECORDS + [
            run("heat", "mpi", 2, 0.05 / 2 * 1.05 + 10 * (10e-6 + 4000e-9),
                hosts=["h1", "h2"], params={**HEAT_PARAMS, "ny": 1000})])

    def test_prints_validation_and_curves(self):
        result = helpers.run_script("model", self.records, "--workload", "heat",
                                    "--up-to", "1024")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("worst error", result.stdout)
        self.assertRegex(result.stdout, r"heat/mpi\s+2x1\s+tcp-measured")
        for name in ("shm", "tcp-measured", "ib-hdr", "eth-10g", "eth-100g"):
            self.assertRegex(result.stdout, rf"{name}: efficiency below 50% (from \d+ ranks|"
                             r"not up to 1024 ranks)")
        self.assertRegex(result.stdout, r"\n\s+1024 ")

    def test_workload_without_calibration_is_one_line_exit_2(self):
        result = helpers.run_script("model", self.records, "--workload", "groupby")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.strip().splitlines(),
                         ["model: error: no calibration for groupby: the records hold no "
                          "verified 1-core groupby run"])
        self.assertEqual(result.stdout, "")

    def test_record_without_the_workloads_parameters_is_one_line_exit_2(self):
        broken = run("heat", "mpi", 1, 0.05)                      # no params: no grid
        path = helpers.write_jsonl(os.path.join(self.dir, "broken.jsonl"), [broken])
        result = helpers.run_script("model", path, "--workload", "heat")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr, "model: error: a heat/mpi record lacks what the "
                         "model needs ('params')\n")

    def test_unknown_network_is_one_line_exit_2(self):
        result = helpers.run_script("model", self.records, "--workload", "heat",
                                    "--network", "carrier-pigeon")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        self.assertIn("--network: 'carrier-pigeon' is not a profile", result.stderr)

    def test_uncalibrated_measured_network_is_one_line_exit_2(self):
        records = helpers.write_jsonl(os.path.join(self.dir, "no-tcp.jsonl"), RECORDS[:1]
                                      + RECORDS[3:])
        result = helpers.run_script("model", records, "--workload", "pi",
                                    "--network", "tcp-measured")
        self.assertEqual(result.returncode, 2)
        self.assertRegex(result.stderr, r"^model: error: no calibration for --network "
                         r"tcp-measured: .*\n$")


class PlotExtrapolate(unittest.TestCase):
    def test_plot_draws_the_model_for_a_calibrated_strong_study(self):
        out = helpers.out_dir("interconnect-model-plot")
        result = helpers.run_script("plot", os.path.join(helpers.FIXTURES, "pi-strong.jsonl"),
                                    os.path.join(helpers.FIXTURES, "triad-weak.jsonl"),
                                    "-o", out, "--extrapolate", "1024")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.getsize(os.path.join(out, "pi-strong-interconnect.png")) > 0)
        # triad is not a workload the model knows, and its study is weak: no model figure
        self.assertFalse([f for f in os.listdir(out) if f.startswith("triad")
                          and "interconnect" in f])
        self.assertRegex(result.stdout, r"pi-strong: interconnect model up to 1024 ranks: "
                         r"ib-hdr .*eth-10g efficiency < 50% from \d+ ranks")
        # the fixtures hold no ping-pong records: the 2-rank runs' transport is not
        # calibrated, so only 1-rank runs (the model's own calibration) could be judged
        self.assertRegex(result.stdout, r"pi-strong: interconnect model not validated: judged "
                         r"only on 1-rank runs, its own calibration \(worst error \d+ %\)")
        # 2 cores here; 4 where the fixtures' 4-rank runs each had a core
        self.assertRegex(result.stdout, r"No validated model or simulation backs a prediction "
                                        r"beyond [24] cores \(the interconnect model is not "
                                        r"validated")


    def test_report_embeds_the_model_figure(self):
        out = helpers.out_dir("interconnect-model-report")
        result = helpers.run_script("report", os.path.join(helpers.FIXTURES, "pi-strong.jsonl"),
                                    "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(out, "report.html")) as handle:
            page = handle.read()
        self.assertIn('alt="pi: strong scaling, size 20M: interconnect model"', page)
        # the figure never appears without its validation status beside it
        self.assertRegex(page, r'interconnect model"><figcaption class="meta">[^<]*Model not '
                               r'validated: judged only on 1-rank runs[^<]*Not validated: its '
                               r'predictions are not cited in the verdict\.</figcaption>')
        with open(os.path.join(out, "report.md")) as handle:
            self.assertIn("(pi-strong-interconnect.png)", handle.read())

if __name__ == "__main__":
    unittest.main()
