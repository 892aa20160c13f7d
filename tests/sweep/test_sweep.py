# SPDX-License-Identifier: MIT
"""Tests of scripts/sweep against the real binaries: layouts, records, failures, resume
after a kill, interleaved rounds, adaptive precision, and bad input. Run:
/usr/bin/python3 -m pytest tests/sweep (the apps of build/bin, or of $SCALELAB_BIN_DIR)."""

import argparse
import io
import os
import random
import re
import signal
import subprocess
import tempfile
import time
import unittest

from scalelab.records import read_records
from scalelab.stats import relative_half_width
from scalelab.sweep.config import Plan, layouts
from scalelab.sweep.rounds import round_order
from scalelab.sweep.runner import Runner, config_key, failure_message

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SWEEP = os.path.join(REPO, "scripts", "sweep")
BIN_DIR = os.environ.get("SCALELAB_BIN_DIR", os.path.join(REPO, "build", "bin"))


def sweep(*args, **kwargs):
    return subprocess.run([SWEEP, *args, "--bin-dir", BIN_DIR], capture_output=True,
                          text=True, **kwargs)


def read_lines(path):
    with open(path, "rb") as handle:
        data = handle.read()
    assert data.endswith(b"\n") or not data, "a record file must end with a whole line"
    warnings = io.StringIO()
    records = read_records(path, warn=warnings) if data else []
    assert not warnings.getvalue(), warnings.getvalue()  # every line a whole record
    return records


class Layouts(unittest.TestCase):
    def test_every_layout_multiplies_to_its_core_count(self):
        plan = Plan(mode="strong", workload="pi", models=["serial", "openmp", "mpi", "hybrid",
                                                          "eigen"], cores=[1, 2, 4, 6])
        got = {(layout.model, layout.ranks, layout.threads) for layout in layouts(plan, 8)}
        self.assertIn(("serial", 1, 1), got)
        self.assertIn(("eigen", 1, 1), got)
        for c in (1, 2, 4, 6):
            self.assertIn(("openmp", 1, c), got)
            self.assertIn(("mpi", c, 1), got)
        hybrid6 = sorted((r, t) for m, r, t in got if m == "hybrid" and r * t == 6)
        self.assertEqual(hybrid6, [(1, 6), (2, 3), (3, 2), (6, 1)])
        self.assertEqual(sum(1 for m, _, _ in got if m == "serial"), 1)

    def test_threads_stay_within_a_node_and_ranks_within_the_tasks(self):
        plan = Plan(mode="strong", workload="pi", models=["openmp", "mpi", "hybrid"],
                    cores=[1, 2, 4])
        got = layouts(plan, 4, cores_per_node=2, max_ranks=2)
        self.assertTrue(all(layout.threads <= 2 and layout.ranks <= 2 for layout in got))
        self.assertNotIn(("openmp", 1, 4), {(c.model, c.ranks, c.threads) for c in got})
        self.assertIn(("hybrid", 2, 2), {(c.model, c.ranks, c.threads) for c in got})


class FailureMessage(unittest.TestCase):
    BANNER = ("-" * 74 + "\nPrimary job  terminated normally, but 1 process returned\n"
              "a non-zero exit code. Per user-direction, the job has been aborted.\n" + "-" * 74)

    def test_the_rank_and_signal_when_mpirun_names_them(self):
        stderr = (self.BANNER + "\nmpirun noticed that process rank 1 with PID 0 on node vm "
                  "exited on signal 9 (Killed).\n")
        self.assertEqual(failure_message(stderr, 137), "mpirun noticed that process rank 1 "
                         "with PID 0 on node vm exited on signal 9 (Killed).")

    def test_the_signal_from_the_exit_code_when_mpirun_does_not(self):
        # Open MPI leaves the "noticed" line out now and then: the code still says it.
        self.assertEqual(failure_message(self.BANNER, 137),
                         "a rank was killed by signal 9 (mpirun exit code 137)")
        self.assertEqual(failure_message(self.BANNER, 3), "a rank exited with code 3")

    def test_our_own_error_line_comes_first(self):
        stderr = self.BANNER + "\nscalelab-pi: error: --size: '0' is zero\n"
        self.assertEqual(failure_message(stderr, 2), "scalelab-pi: error: --size: '0' is zero")


class Runs(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sweep-test-")
        self.out = os.path.join(self.dir, "pi.jsonl")

    def test_strong_sweep_records_every_layout_verified(self):
        result = sweep("strong", "pi", "--cores", "1,2", "--size", "200k", "--reps", "1",
                       "--out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        records = read_lines(self.out)
        layouts_run = sorted((r["model"], r["ranks"], r["threads"]) for r in records)
        self.assertEqual(layouts_run, sorted([
            ("serial", 1, 1), ("eigen", 1, 1), ("openmp", 1, 1), ("openmp", 1, 2),
            ("mpi", 1, 1), ("mpi", 2, 1), ("hybrid", 1, 1), ("hybrid", 1, 2),
            ("hybrid", 2, 1)]))
        self.assertTrue(all(r["verified"] and r["status"] == "ok" for r in records))
        self.assertTrue(all(r["size"] == 200000 for r in records))
        # Binding of every layout is recorded: threads bound by OpenMP, ranks by mpirun.
        mpi = [r for r in records if r["model"] == "mpi" and r["ranks"] == 2][0]
        self.assertIn("--bind-to", mpi["sweep"]["command"])
        self.assertEqual(mpi["provenance"]["binding"]["OMP_PROC_BIND"], "close")

    def test_weak_sweep_keeps_work_per_core_constant(self):
        result = sweep("weak", "triad", "--models", "openmp,mpi", "--cores", "1,2",
                       "--size", "100k", "--reps", "1", "--out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        records = read_lines(self.out)
        self.assertEqual(len(records), 4)
        for r in records:
            self.assertEqual(r["size"], 100000 * r["cores"])
            self.assertTrue(r["sweep"]["work_per_core_constant"])

    def test_failed_run_is_recorded_and_the_sweep_goes_on(self):
        # 1 sample cannot be split over 2 ranks: those runs fail, the others succeed.
        result = sweep("strong", "pi", "--models", "serial,mpi", "--cores", "1,2", "--size",
                       "1", "--reps", "1", "--out", self.out)
        self.assertEqual(result.returncode, 1)
        records = read_lines(self.out)
        self.assertEqual(len(records), 3)
        failed = [r for r in records if r["status"] == "failed"]
        self.assertEqual([(r["model"], r["ranks"]) for r in failed], [("mpi", 2)])
        self.assertIn("cannot be split over 2 ranks", failed[0]["message"])
        self.assertEqual(failed[0]["exit_code"], 2)

    def test_rank_killed_by_a_signal_is_recorded_and_the_sweep_goes_on(self):
        # A scalelab-pi whose rank 1 kills itself with SIGKILL, rank 0 and every one-rank
        # run being the real binary: mpirun must end that job, the sweep record the failure
        # and run the rest.
        bin_dir = os.path.join(self.dir, "bin")
        os.mkdir(bin_dir)
        wrapper = os.path.join(bin_dir, "scalelab-pi")
        with open(wrapper, "w") as handle:
            handle.write("#!/bin/sh\n"
                         "if [ \"${OMPI_COMM_WORLD_RANK:-0}\" = 1 ]; then kill -KILL $$; fi\n"
                         f"exec {os.path.join(BIN_DIR, 'scalelab-pi')} \"$@\"\n")
        os.chmod(wrapper, 0o755)
        result = subprocess.run([SWEEP, "strong", "pi", "--models", "serial,mpi,openmp",
                                 "--cores", "1,2", "--size", "200k", "--reps", "1",
                                 "--out", self.out, "--bin-dir", bin_dir, "--timeout", "60"],
                                capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 1, result.stderr)
        records = read_lines(self.out)
        by_layout = {(r["model"], r["ranks"], r["threads"]): r for r in records}
        self.assertEqual(by_layout[("mpi", 2, 1)]["status"], "failed")
        self.assertRegex(by_layout[("mpi", 2, 1)]["message"],
                         r"rank 1 .* exited on signal 9|a rank was killed by signal 9")
        ok = sorted(k for k, r in by_layout.items() if r["status"] == "ok")
        self.assertEqual(ok, [("mpi", 1, 1), ("openmp", 1, 1), ("openmp", 1, 2),
                              ("serial", 1, 1)])

    def test_fail_fast_stops_at_the_first_failure(self):
        result = sweep("strong", "pi", "--models", "serial,mpi", "--cores", "1,2", "--size",
                       "1", "--reps", "1", "--fail-fast", "--out", self.out)
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(read_lines(self.out)[-1]["status"], "failed")
        self.assertEqual(len(read_lines(self.out)), 3)  # the failure was the last layout

    def test_dry_run_prints_commands_and_writes_nothing(self):
        result = sweep("strong", "pi", "--cores", "1,2", "--dry-run", "--out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        commands = [line for line in result.stdout.splitlines() if "scalelab-pi" in line]
        self.assertEqual(len(commands), 9)
        self.assertTrue(any(line.startswith("/usr/bin/mpirun -n 2") or "mpirun -n 2" in line
                            for line in commands))
        self.assertFalse(os.path.exists(self.out))

    def test_plan_file_runs_several_studies(self):
        plan = os.path.join(self.dir, "study.toml")
        with open(plan, "w") as handle:
            handle.write(f'[[study]]\nmode = "strong"\nworkload = "pi"\nmodels = ["serial"]\n'
                         f'size = "100k"\nreps = 1\nout = "{self.dir}/a.jsonl"\n'
                         f'[[study]]\nmode = "weak"\nworkload = "triad"\nmodels = ["mpi"]\n'
                         f'cores = [1, 2]\nsize = "50k"\nreps = 1\nout = "{self.dir}/b.jsonl"\n')
        result = sweep("--plan", plan)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(read_lines(f"{self.dir}/a.jsonl")), 1)
        self.assertEqual(len(read_lines(f"{self.dir}/b.jsonl")), 2)


class Resume(unittest.TestCase):
    """A sweep killed at a random point and started again ends with exactly the records of
    an uninterrupted sweep: none lost, none twice, no partial line."""

    ARGS = ["strong", "pi", "--cores", "1,2", "--size", "3M", "--reps", "2"]

    def keys(self, path):
        return sorted(r["sweep"]["key"] for r in read_lines(path))

    def test_kill_and_resume_at_random_points(self):
        directory = tempfile.mkdtemp(prefix="sweep-resume-")
        reference = os.path.join(directory, "reference.jsonl")
        self.assertEqual(sweep(*self.ARGS, "--out", reference).returncode, 0)
        expected = self.keys(reference)
        for seed in (1, 2, 3):
            out = os.path.join(directory, f"killed-{seed}.jsonl")
            delay = random.Random(seed).uniform(0.3, 2.5)
            runner = subprocess.Popen([SWEEP, *self.ARGS, "--out", out, "--bin-dir", BIN_DIR,
                                       "--quiet"], start_new_session=True)
            time.sleep(delay)
            os.killpg(runner.pid, signal.SIGKILL)  # the runner and its current run
            runner.wait()
            if os.path.exists(out):
                before = self.keys(out)  # whole lines only, or read_lines fails
                self.assertEqual(len(before), len(set(before)))
            result = sweep(*self.ARGS, "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(self.keys(out), expected, f"seed {seed}, killed after {delay:.2f} s")

    def test_sigterm_stops_cleanly_and_resume_finishes(self):
        directory = tempfile.mkdtemp(prefix="sweep-term-")
        out = os.path.join(directory, "term.jsonl")
        runner = subprocess.Popen([SWEEP, *self.ARGS, "--out", out, "--bin-dir", BIN_DIR],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Signal mid-sweep: once the first record is there (a fixed sleep may land before
        # the runner is up on a loaded machine).
        deadline = time.monotonic() + 120
        while not (os.path.exists(out) and os.path.getsize(out) > 0):
            self.assertLess(time.monotonic(), deadline, "no record within 120 s")
            self.assertIsNone(runner.poll(), "the sweep ended before it was signalled")
            time.sleep(0.02)
        runner.send_signal(signal.SIGTERM)  # what SLURM sends before the time limit
        _, stderr = runner.communicate(timeout=60)
        self.assertEqual(runner.returncode, 143)
        self.assertIn("run the same command again to resume", stderr)
        self.assertLess(len(self.keys(out)), 9, "the signal came after the last run")
        result = sweep(*self.ARGS, "--out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(self.keys(out)), 9)


def layout_of(record):
    return (record["model"], record["ranks"], record["threads"])


def check_round_orders(test, records, plan):
    """Every round holds each configuration once, at the place the recorded seed gives it:
    a resumed round went on in the order it started in."""
    seeds = {r["sweep"]["rounds_seed"] for r in records}
    test.assertEqual(len(seeds), 1, "one order seed for the whole sweep")
    seed = seeds.pop()
    configs = layouts(plan, 2)
    by_round = {}
    for r in records:
        by_round.setdefault(r["sweep"]["round"], []).append(r)
    for number, members in by_round.items():
        ranked = sorted(members, key=lambda r: r["sweep"]["position"])
        test.assertEqual([r["sweep"]["position"] for r in ranked],
                         list(range(1, len(configs) + 1)), f"round {number}")
        expected = [(c.model, c.ranks, c.threads) for c in round_order(configs, seed, number)]
        test.assertEqual([layout_of(r) for r in ranked], expected, f"round {number}")
    return by_round


class Rounds(unittest.TestCase):
    MODELS = "serial,openmp,mpi"
    PLAN = Plan(mode="strong", workload="pi", models=MODELS.split(","), cores=[1, 2])

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sweep-rounds-")
        self.out = os.path.join(self.dir, "pi.jsonl")

    def test_every_configuration_once_per_round_in_differing_orders(self):
        result = sweep("strong", "pi", "--models", self.MODELS, "--cores", "1,2", "--size",
                       "100k", "--reps", "2", "--rounds", "3", "--order-seed", "7",
                       "--out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        records = read_lines(self.out)
        self.assertTrue(all(r["status"] == "ok" for r in records))
        per_layout = {}
        for r in records:
            per_layout.setdefault(layout_of(r), []).append(r["sweep"]["round"])
        self.assertEqual(len(per_layout), 5)
        self.assertTrue(all(sorted(rounds) == [1, 2, 3] for rounds in per_layout.values()),
                        per_layout)
        self.assertTrue(all(r["sweep"]["rounds_seed"] == 7 for r in records))
        by_round = check_round_orders(self, records, self.PLAN)
        orders = {tuple(layout_of(r) for r in sorted(members, key=lambda r: r["sweep"]
                                                     ["position"]))
                  for members in by_round.values()}
        self.assertGreater(len(orders), 1, "every round ran in the same order")
        # Records carry every rep and the machine's load while they ran.
        self.assertTrue(all(len(r["time"]["samples"]) == 2 for r in records))
        self.assertTrue(all(r["noise"]["cpus"] >= 1 for r in records))
        self.assertEqual(len(re.findall(r"^round \d/3: worst CI", result.stdout, re.M)), 3)

    def test_a_failed_configuration_is_not_run_again_in_later_rounds(self):
        # 1 sample cannot be split over 2 ranks: mpi 2x1 fails in round 1 and is left out
        # of round 2 until --retry-failed.
        args = ["strong", "pi", "--models", "serial,mpi", "--cores", "1,2", "--size", "1",
                "--reps", "1", "--rounds", "2", "--out", self.out]
        self.assertEqual(sweep(*args).returncode, 1)
        failed = [r for r in read_lines(self.out) if r["status"] == "failed"]
        self.assertEqual([(layout_of(r), r["sweep"]["round"]) for r in failed],
                         [(("mpi", 2, 1), 1)])
        self.assertEqual(len(read_lines(self.out)), 5)
        self.assertEqual(sweep(*args, "--retry-failed").returncode, 1)
        again = [r for r in read_lines(self.out) if r["status"] == "failed"]
        self.assertEqual(sorted(r["sweep"]["round"] for r in again), [1, 1, 2])

    def test_plan_file_takes_rounds(self):
        plan = os.path.join(self.dir, "study.toml")
        with open(plan, "w") as handle:
            handle.write(f'[[study]]\nmode = "strong"\nworkload = "pi"\nmodels = ["serial"]\n'
                         f'size = "100k"\nreps = 1\nrounds = 3\nout = "{self.out}"\n')
        result = sweep("--plan", plan)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(r["sweep"]["round"] for r in read_lines(self.out)), [1, 2, 3])


class RoundsResume(unittest.TestCase):
    """A sweep with rounds killed at a random point and started again ends with exactly the
    records of an uninterrupted one, every round in the order it started in."""

    ARGS = ["strong", "pi", "--models", "serial,openmp,mpi", "--cores", "1,2", "--size", "1M",
            "--reps", "2", "--rounds", "3"]

    def keys(self, path):
        return sorted(r["sweep"]["key"] for r in read_lines(path))

    def test_kill_and_resume_mid_round(self):
        directory = tempfile.mkdtemp(prefix="sweep-rounds-resume-")
        reference = os.path.join(directory, "reference.jsonl")
        self.assertEqual(sweep(*self.ARGS, "--out", reference).returncode, 0)
        expected = self.keys(reference)
        self.assertEqual(len(expected), 15)
        for seed in (1, 2, 3):
            out = os.path.join(directory, f"killed-{seed}.jsonl")
            delay = random.Random(seed).uniform(0.5, 4.0)
            runner = subprocess.Popen([SWEEP, *self.ARGS, "--out", out, "--bin-dir", BIN_DIR,
                                       "--quiet"], start_new_session=True)
            time.sleep(delay)
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait()
            result = sweep(*self.ARGS, "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(self.keys(out), expected, f"seed {seed}, killed after {delay:.2f} s")
            check_round_orders(self, read_lines(out), Rounds.PLAN)


class Adaptive(unittest.TestCase):
    """--precision adds rounds until every configuration's CI is narrow enough, and stops at
    --max-rounds or --time-budget otherwise. Asserted on the records, never on a time."""

    BASE = ["strong", "pi", "--models", "serial,openmp", "--cores", "1", "--size", "1M",
            "--reps", "2"]

    def setUp(self):
        self.out = os.path.join(tempfile.mkdtemp(prefix="sweep-adaptive-"), "pi.jsonl")

    def rounds_run(self):
        return max(r["sweep"]["round"] for r in read_lines(self.out))

    def worst_width_after(self, last_round):
        """The widest CI of the configurations with the records of rounds 1..last_round."""
        pooled = {}
        for r in read_lines(self.out):
            if r["sweep"]["round"] <= last_round:
                pooled.setdefault(layout_of(r), []).extend(r["time"]["samples"])
        widths = [relative_half_width(samples) for samples in pooled.values()]
        return float("inf") if None in widths else max(widths)

    def test_stops_at_the_first_round_that_reaches_the_precision(self):
        target = 0.5
        result = sweep(*self.BASE, "--precision", "50%", "--max-rounds", "8",
                       "--out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        last = self.rounds_run()
        # 2 samples a round: no CI before round 3 (6 samples), so rounds were added.
        self.assertGreaterEqual(last, 3)
        for earlier in range(1, last):
            self.assertGreater(self.worst_width_after(earlier), target,
                               f"precision was reached after round {earlier} of {last}")
        if last < 8:
            self.assertLessEqual(self.worst_width_after(last), target)
            self.assertIn("within 50 %", result.stdout)
        self.assertEqual(len(read_lines(self.out)), 2 * last)

    def test_max_rounds_ends_an_unreachable_precision_and_names_the_configurations(self):
        result = sweep(*self.BASE, "--models", "serial", "--reps", "1", "--precision",
                       "0.000001", "--max-rounds", "2", "--out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.rounds_run(), 2)
        self.assertRegex(result.stdout, r"not reached after 2 rounds .* pi/serial 1x1")

    def test_time_budget_adds_no_round_that_would_overrun_it(self):
        result = sweep(*self.BASE, "--rounds", "2", "--precision", "0.000001",
                       "--time-budget", "0.001", "--out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.rounds_run(), 2)
        self.assertIn("past --time-budget", result.stdout)
        self.assertRegex(result.stdout, r"not reached after --time-budget")

    def test_a_round_cut_short_is_finished_even_once_precise_enough(self):
        # Every sample equal: each CI has zero width after round 1, yet round 2 was started
        # (one configuration recorded), so it is finished before the sweep stops.
        plan = Plan(mode="strong", workload="pi", models=["serial", "openmp"], cores=[1],
                    reps=6, precision=0.05)
        runner = Runner(argparse.Namespace(bin_dir=BIN_DIR, virtual_cluster=None,
                                           time_budget=None, quiet=True))
        configs = layouts(plan, 1)
        keys = {layout: config_key(plan, layout) for layout in configs}
        labels = {key: str(layout) for layout, key in keys.items()}

        def record(layout, number):
            return {"status": "ok", "time": {"samples": [1.0] * 6},
                    "sweep": {"key": f"{keys[layout]} round={number}", "round": number}}
        records = [record(configs[0], 1), record(configs[1], 1), record(configs[0], 2)]
        self.assertTrue(runner.another_round(plan, records, keys, labels, 2))
        records.append(record(configs[1], 2))
        self.assertFalse(runner.another_round(plan, records, keys, labels, 3))

    def test_resumed_adaptive_sweep_goes_on_from_the_recorded_rounds(self):
        args = [*self.BASE, "--models", "serial", "--reps", "1", "--precision", "0.000001",
                "--out", self.out]
        self.assertEqual(sweep(*args, "--max-rounds", "2").returncode, 0)
        result = sweep(*args, "--max-rounds", "3")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(r["sweep"]["round"] for r in read_lines(self.out)), [1, 2, 3])


class BadInput(unittest.TestCase):
    def check(self, args, pattern):
        result = sweep(*args)
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertRegex(lines[0], pattern)

    def test_unknown_workload(self):
        self.check(["strong", "nope"], r"^sweep: error: unknown workload 'nope'")

    def test_unknown_model(self):
        self.check(["strong", "pi", "--models", "serial,gpu"], r"--models: 'gpu' is not a model")

    def test_more_cores_than_available(self):
        self.check(["strong", "pi", "--cores", "64"], r"--cores: 64 cores asked")

    def test_unwritable_output(self):
        self.check(["strong", "pi", "--out", "/proc/no/such.jsonl"], r"--out: cannot create")

    def test_bad_core_list(self):
        self.check(["strong", "pi", "--cores", "1,,2"], r"--cores")

    def test_timeout_not_positive(self):
        self.check(["strong", "pi", "--timeout", "0"], r"^sweep: error: --timeout: 0 is not")
        self.check(["strong", "pi", "--timeout", "-5"], r"^sweep: error: --timeout: -5 is not")

    def test_rounds_and_precision_out_of_range(self):
        self.check(["strong", "pi", "--rounds", "0"], r"--rounds 0 is not allowed")
        for bad in ("0", "0%", "1", "100%", "-0.1", "five"):
            self.check(["strong", "pi", "--precision", bad], rf"--precision: '{bad}'")
        self.check(["strong", "pi", "--rounds", "3", "--max-rounds", "2"],
                   r"--max-rounds 2 is less than --rounds 3")
        self.check(["strong", "pi", "--precision", "5%", "--time-budget", "0"],
                   r"--time-budget: 0 is not allowed")

    def test_plan_file_rounds_and_precision_out_of_range(self):
        plan = os.path.join(tempfile.mkdtemp(prefix="sweep-bad-plan-"), "study.toml")
        for setting, pattern in (("precision = 2", r"study 1 precision: '2' must be more"),
                                 ("precision = 0", r"study 1 precision: '0' must be more"),
                                 ('rounds = "three"', r"rounds = 'three' is not a whole"),
                                 ("rounds = 2\nmax_rounds = 1", r"--max-rounds 1 is less")):
            with open(plan, "w") as handle:
                handle.write(f'[[study]]\nmode = "strong"\nworkload = "pi"\n{setting}\n')
            self.check(["--plan", plan], pattern)

    def test_a_size_every_run_would_refuse_is_the_apps_own_line_and_no_record(self):
        out = os.path.join(tempfile.mkdtemp(prefix="sweep-bad-size-"), "pi.jsonl")
        self.check(["strong", "pi", "--size", "1.5k", "--out", out],
                   r"^sweep: error: scalelab-pi: error: --size: '1.5k'")
        self.check(["strong", "pi", "--models", "mpi", "--app-args=--bogus", "--out", out],
                   r"^sweep: error: scalelab-pi: error: .*--bogus")
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
