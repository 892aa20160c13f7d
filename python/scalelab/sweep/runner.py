# SPDX-License-Identifier: MIT
"""Runs the layouts of each plan, appends one record per run, and resumes after a kill."""

import os
import signal
import subprocess
import sys
import tempfile
import time

from scalelab.paths import bin_dir, workloads
from scalelab.records import (
    RecordError,
    append_record,
    fom_text,
    is_number,
    read_records,
    take_single_record,
)
from scalelab.sweep.cluster import VirtualCluster, transport
from scalelab.sweep.config import UsageError, layouts
from scalelab.sweep.launch import Environment, Mpirun, command_for, thread_env
from scalelab.sweep.rounds import Precision, keyed, new_seed, pooled_samples, round_key, round_order

DONE_STATUSES = {"ok", "verification_failed", "reported", "failed"}


def config_key(plan, layout, placement=None):
    """Identifies a configuration across restarts: same arguments, same key. A placement on
    the virtual cluster is part of it: spread and packed runs are different measurements."""
    extra = " ".join(plan.app_args)
    where = f" vc={placement}" if placement else ""
    return (f"{plan.workload}/{layout.model} {plan.mode} size={plan.size or 'default'} "
            f"{layout.ranks}x{layout.threads} reps={plan.reps} warmup={plan.warmup}{where} "
            f"{extra}").strip()


def failure_message(stderr, code):
    """The line that says why a run failed: ScaleLab's own error line, else the first line
    of the launcher's explanation, else the exit code (negative: killed by that signal)."""
    lines = [line.strip() for line in stderr.splitlines()]
    ours = [line for line in lines if line.startswith("scalelab-")]
    if ours:
        return ours[0]
    signal_lines = [line for line in lines if "Signal:" in line]
    if signal_lines:
        return f"crashed: {signal_lines[0]}"
    # mpirun's banner starts "Primary job terminated normally, but 1 process returned"
    # whatever happened; the line naming the rank and its signal or status says what did.
    # Open MPI prints that line only sometimes (a race in its error path), but its exit code
    # is always the failed rank's: 128 + N when a signal N killed it.
    noticed = [line for line in lines if line.startswith("mpirun noticed")]
    if noticed:
        return noticed[0]
    if any(line.startswith("Primary job") for line in lines):
        if code > 128:
            return f"a rank was killed by signal {code - 128} (mpirun exit code {code})"
        return f"a rank exited with code {code}"
    text = [line for line in lines if line and not line.startswith(("-", "*", "["))]
    if text:
        return text[0]
    return f"killed by signal {-code}" if code < 0 else f"exit code {code}"


def noise_note(record, threshold=0.1):
    """A warning for the progress line when other processes took a noticeable share of the
    node while the run was measured (older binaries record no noise: nothing to say)."""
    noise = record.get("noise")
    share = noise.get("foreign_share") if isinstance(noise, dict) else None
    if not is_number(share) or share < threshold:
        return ""
    return f" (busy machine: other processes took {100 * share:.0f} % of the CPUs)"


class Runner:
    def __init__(self, args):
        self.args = args
        self.env = Environment()
        self.bin_dir = args.bin_dir or bin_dir()
        self.interrupted = False
        self.child = None
        self.failures = 0
        self.cluster = VirtualCluster(args.virtual_cluster) if args.virtual_cluster else None
        self.mpirun = None   # probed on the first MPI run (mpi_launcher)
        self.started = time.monotonic()  # --time-budget counts from here

    def layouts(self, plan):
        # Oversubscribed runs may put more threads on a node than it has cores.
        if self.args.oversubscribe:
            return layouts(plan, self.env.cores)
        return layouts(plan, self.env.cores, self.env.cores_per_node, self.env.max_ranks)

    # -- validation before anything runs --------------------------------------------------
    def binary(self, workload):
        return os.path.join(self.bin_dir, f"scalelab-{workload}")

    def check(self, plans):
        for plan in plans:
            binary = self.binary(plan.workload)
            if not os.access(binary, os.X_OK):
                known = workloads(self.bin_dir)
                raise UsageError(f"unknown workload '{plan.workload}': no {binary} "
                                 f"(built workloads: {', '.join(known) or 'none; build first'})")
            offered = subprocess.run([binary, "--list-models"], capture_output=True, text=True,
                                     env=self.child_env(1)).stdout.split()
            missing = [m for m in plan.models if m not in offered]
            if missing:
                raise UsageError(f"--models: {plan.workload} does not offer "
                                 f"{', '.join(missing)} (it offers: {', '.join(offered)})")
            self.check_app_arguments(plan, binary)
            wanted = max(plan.cores or [1])
            if wanted > self.env.cores and not self.args.oversubscribe:
                raise UsageError(f"--cores: {wanted} cores asked but {self.env.describe()} "
                                 "(add --oversubscribe to run anyway)")
            out_dir = os.path.dirname(os.path.abspath(plan.out))
            try:
                os.makedirs(out_dir, exist_ok=True)
            except OSError as error:
                raise UsageError(f"--out: cannot create '{out_dir}': {error.strerror}") from None
            if not os.access(out_dir, os.W_OK) or os.path.isdir(plan.out):
                raise UsageError(f"--out: '{plan.out}' is not writable")

    def check_app_arguments(self, plan, binary):
        """Runs the app once with --dry-run on one rank, so a usage error every run would hit
        (a bad --size, a wrong --app-args option) stops the sweep with the app's own line
        instead of leaving a failed record per configuration. Anything else (a crash, a
        binary without --dry-run) is left for the runs to record."""
        model = "serial" if "serial" in plan.models else plan.models[0]
        cmd = [binary, "--model", model, "--threads", "1", "--dry-run"] + \
            self.app_args(plan, None)
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, env=self.child_env(1),
                                    timeout=self.args.timeout)
        except subprocess.TimeoutExpired:
            raise UsageError(f"{plan.workload}: '{' '.join(cmd)}' did not answer within "
                             f"--timeout {self.args.timeout:g} s") from None
        ours = [line.strip() for line in result.stderr.splitlines()
                if line.startswith(f"scalelab-{plan.workload}: error:")]
        if result.returncode == 2 and ours:
            raise UsageError(ours[0])

    # -- running ----------------------------------------------------------------------------
    def interrupt(self, signum, _frame):
        self.interrupted = True
        if self.child and self.child.poll() is None:
            os.killpg(self.child.pid, signal.SIGTERM)
        print(f"sweep: interrupted by signal {signum}; finished runs are kept, run the same "
              "command again to resume", file=sys.stderr)

    def bound(self, layout):
        """Whether the layout's threads are bound: not for MPI ranks on the virtual cluster
        (see launch.thread_env)."""
        return self.cluster is None or layout.model not in ("mpi", "hybrid")

    def child_env(self, threads, bound=True):
        env = dict(os.environ)
        if os.geteuid() == 0:   # Open MPI refuses root unless told it is intended
            env.update({"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"})
        if not self.env.slurm_job:
            # One machine: ob1 with shared memory works wherever Open MPI does (UCX may not).
            # In an allocation the site file chooses the transport (slurm/sites/).
            env.setdefault("OMPI_MCA_pml", "ob1")
            env.setdefault("OMPI_MCA_btl", "self,vader")
        env.update(thread_env(threads, bound))
        return env

    def run(self, plans):
        for plan in plans:
            if self.interrupted:
                break
            self.run_plan(plan)
        if self.interrupted:
            return 143
        return 1 if self.failures else 0

    def run_plan(self, plan):
        configs = self.layouts(plan)
        placement = self.cluster and self.cluster.placement
        keys = {layout: config_key(plan, layout, placement) for layout in configs}
        records = []
        if not self.args.dry_run:
            try:
                records = read_records(plan.out, warn=None) if os.path.exists(plan.out) else []
            except RecordError as error:
                raise UsageError(str(error)) from None
        seed = self.order_seed(records, set(keys.values()))
        where = self.env.describe() + (f", {self.cluster.describe()}" if self.cluster else "")
        rounds = ""
        if plan.precision is not None:
            rounds = (f" x {plan.rounds} to {plan.round_limit} rounds until every CI is within "
                      f"{100 * plan.precision:g} % (order seed {seed})")
        elif plan.shuffled:
            rounds = f" x {plan.rounds} rounds (order seed {seed})"
        self.say(f"{plan.mode} scaling of {plan.workload} on {where}: "
                 f"{len(configs)} runs{rounds} -> {plan.out}")
        labels = {keys[layout]: f"{plan.workload}/{layout.model} {layout.ranks}x{layout.threads}"
                  for layout in configs}
        self.baseline_work = None
        self.stopped_by_budget = False
        round_number = 1
        while not self.interrupted and round_number <= plan.round_limit:
            if round_number > plan.rounds and not self.another_round(plan, records, keys,
                                                                     labels, round_number):
                break
            order = round_order(configs, seed, round_number, plan.shuffled)
            self.run_round(plan, order, keys, seed, round_number, records)
            if plan.shuffled and not self.interrupted and not self.args.dry_run:
                precision = Precision(pooled_samples(records, keys.values()), labels)
                self.say(precision.progress(round_number, plan.round_limit, plan.precision))
            round_number += 1
        if plan.precision is not None and not self.interrupted and not self.args.dry_run:
            self.report_precision(plan, records, keys, labels)

    def order_seed(self, records, config_keys):
        """--order-seed, else the seed an interrupted sweep recorded (a resumed round keeps
        its order), else a fresh one."""
        if self.args.order_seed is not None:
            return self.args.order_seed
        for config, _, sweep, _ in reversed(list(keyed(records))):
            seed = sweep.get("rounds_seed")
            if config in config_keys and isinstance(seed, int) and not isinstance(seed, bool):
                return seed
        return new_seed()

    def another_round(self, plan, records, keys, labels, round_number):
        """Adaptive mode: whether round `round_number` (beyond --rounds) is worth running."""
        if plan.precision is None:
            return False
        if self.round_started(records, keys.values(), round_number):
            return True  # a killed sweep finishes the round it was in
        precision = Precision(pooled_samples(records, keys.values()), labels)
        if not precision.short_of(plan.precision):
            return False
        if self.args.time_budget is not None:
            elapsed = time.monotonic() - self.started
            estimate = self.round_seconds(records, keys.values())
            if elapsed + estimate > self.args.time_budget:
                self.say(f"sweep: round {round_number} would take about {estimate:.0f} s, "
                         f"past --time-budget {self.args.time_budget:g} s "
                         f"({elapsed:.0f} s spent): stopping")
                self.stopped_by_budget = True
                return False
        return True

    @staticmethod
    def round_started(records, config_keys, round_number):
        return any(config in config_keys and number == round_number
                   for config, number, _, _ in keyed(records))

    @staticmethod
    def round_seconds(records, config_keys):
        """A round's expected wall time: each configuration's latest run, summed."""
        latest = {}
        for config, _, sweep, _ in keyed(records):
            if config in config_keys and is_number(sweep.get("wall_s")):
                latest[config] = sweep["wall_s"]
        return sum(latest.values())

    def report_precision(self, plan, records, keys, labels):
        precision = Precision(pooled_samples(records, keys.values()), labels)
        short = precision.short_of(plan.precision)
        if not short:
            self.say(f"sweep: every configuration's CI is within {100 * plan.precision:g} % "
                     "of its median")
            return
        why = "--time-budget" if self.stopped_by_budget else \
            f"{plan.round_limit} rounds (--max-rounds)"
        self.say(f"sweep: precision {100 * plan.precision:g} % not reached after {why} by: "
                 + "; ".join(precision.describe(key) for key in short))

    def run_round(self, plan, order, keys, seed, round_number, records):
        retry = {"failed"} if self.args.retry_failed else set()
        done = set()
        failed_before = {}
        for config, number, _, record in keyed(records):
            if record.get("status") not in DONE_STATUSES - retry:
                continue
            done.add((config, number))
            if record["status"] == "failed" and number < round_number:
                failed_before[config] = number
        for position, layout in enumerate(order, start=1):
            if self.interrupted:
                return
            key = keys[layout]
            place = f"round {round_number}: " if plan.shuffled else ""
            label = f"[{place}{position}/{len(order)}] {plan.workload}/{layout.model} " \
                    f"{layout.ranks}x{layout.threads}"
            if (key, round_number) in done:
                self.say(f"{label}: already recorded, skipped")
                continue
            if key in failed_before:
                self.say(f"{label}: failed in round {failed_before[key]}, skipped "
                         "(--retry-failed runs it again)")
                continue
            record = self.run_one(plan, layout, round_key(key, round_number), label)
            if record is None:
                continue
            record["sweep"].update({"round": round_number, "rounds_seed": seed,
                                    "position": position})
            if plan.mode == "weak" and record.get("status") != "failed":
                work = record.get("size_per_core")
                self.baseline_work = self.baseline_work or work
                record["sweep"]["work_per_core"] = work
                record["sweep"]["work_per_core_constant"] = work == self.baseline_work
            append_record(plan.out, record)
            records.append(record)
            if record["status"] not in ("ok", "reported"):
                self.failures += 1
                if self.args.fail_fast:
                    self.say("sweep: stopping at the first failure (--fail-fast)")
                    self.interrupted = True
                    return

    def run_one(self, plan, layout, key, label):
        binary = self.binary(plan.workload)
        fd, record_path = tempfile.mkstemp(prefix="scalelab-sweep-", suffix=".jsonl")
        os.close(fd)
        os.unlink(record_path)  # the app creates it; an empty file would read as "ran"
        cmd = command_for(layout, binary, self.app_args(plan, record_path), self.env,
                          self.launcher(), self.args.oversubscribe, self.cluster,
                          self.mpi_launcher(layout), self.args.srun_mpi)
        if self.args.dry_run:
            print(" ".join(cmd))
            return None
        self.say(f"{label} ...", end="")
        started = time.time()
        try:
            env = self.child_env(layout.threads, self.bound(layout))
            self.child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True, env=env, start_new_session=True)
            try:
                _, stderr = self.child.communicate(timeout=self.args.timeout)
                code = self.child.returncode
            except subprocess.TimeoutExpired:
                os.killpg(self.child.pid, signal.SIGKILL)
                _, stderr = self.child.communicate()
                code, stderr = -9, f"killed after --timeout {self.args.timeout} s"
        finally:
            self.child = None
        elapsed = time.time() - started
        sweep_info = {"key": key, "command": cmd, "launcher": self.launcher(),
                      "environment": self.env.describe(), "wall_s": round(elapsed, 3),
                      "binding": thread_env(layout.threads, self.bound(layout))}
        record = take_single_record(record_path)
        if self.interrupted and record is None:
            self.say(" interrupted")
            return None
        if record is None:
            message = failure_message(stderr, code)
            record = {"workload": plan.workload, "model": layout.model,
                      "variant": f"{plan.workload}/{layout.model}", "scaling": plan.mode,
                      "size": plan.size, "ranks": layout.ranks, "threads": layout.threads,
                      "cores": layout.cores, "reps": plan.reps, "verified": False,
                      "status": "failed", "exit_code": code, "message": message}
            self.say(f" FAILED (exit {code}): {message}")
        else:
            median = record["time"].get("median") if isinstance(record["time"], dict) else None
            median = f"{median:.4g} s" if is_number(median) else "null"  # the app's NaN
            self.say(f" {record['status']}: median {median}, {fom_text(record['fom'])}"
                     f"{noise_note(record)}")
        record["sweep"] = sweep_info
        self.add_placement(record, layout)
        return record

    @staticmethod
    def app_args(plan, record_path):
        """The options every run of a plan gets (record_path None: no --output)."""
        args = ["--scaling", plan.mode, "--reps", str(plan.reps), "--warmup", str(plan.warmup),
                "--quiet"]
        args += ["--output", record_path] if record_path else []
        args += plan.app_args
        return args + (["--size", plan.size] if plan.size else [])

    def add_placement(self, record, layout):
        """Which transport the ranks used and, on the virtual cluster, where they ran."""
        if layout.model not in ("mpi", "hybrid") or record["status"] == "failed":
            return
        btl = self.cluster.btl() if self.cluster else \
            self.child_env(layout.threads).get("OMPI_MCA_btl", "")
        provenance = record.setdefault("provenance", {})
        if btl:   # else the MPI library chose; readers go by the ranks' hosts
            provenance["transport"] = transport(record, btl)
        if self.cluster:
            provenance["virtual_cluster"] = self.cluster.provenance()

    def launcher(self):
        return "srun" if self.args.launcher == "srun" else "mpirun"

    def mpi_launcher(self, layout):
        """The mpirun an MPI layout starts with, its dialect asked once (launch.Mpirun)."""
        if layout.model not in ("mpi", "hybrid") or self.cluster or self.launcher() != "mpirun":
            return None
        self.mpirun = self.mpirun or Mpirun()
        return self.mpirun

    def say(self, text, end="\n"):
        if not self.args.quiet:
            print(text, end=end, flush=True)
