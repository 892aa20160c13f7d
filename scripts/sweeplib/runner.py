"""Runs the layouts of each plan, appends one record per run, and resumes after a kill."""

import os
import signal
import subprocess
import sys
import tempfile
import time

from sweeplib.cluster import VirtualCluster, transport
from sweeplib.config import UsageError, layouts
from sweeplib.launch import Environment, Mpirun, command_for, thread_env

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from scalelab_paths import bin_dir, workloads  # noqa: E402
from scalelab_records import (RecordError, append_record, fom_text, is_number,  # noqa: E402
                              read_records)

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


class Runner:
    def __init__(self, args):
        self.args = args
        self.env = Environment()
        self.bin_dir = args.bin_dir or bin_dir()
        self.interrupted = False
        self.child = None
        self.failures = 0
        self.cluster = VirtualCluster(args.virtual_cluster) if args.virtual_cluster else None
        self.mpirun = Mpirun() if self.launcher() == "mpirun" and not self.cluster else None

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
        todo = self.layouts(plan)
        done = set()
        if not self.args.dry_run:
            try:
                existing = read_records(plan.out, warn=None) if os.path.exists(plan.out) else []
            except RecordError as error:
                raise UsageError(str(error)) from None
            retry = {"failed"} if self.args.retry_failed else set()
            done = {r["sweep"]["key"] for r in existing
                    if "sweep" in r and r.get("status") in DONE_STATUSES - retry}
        where = self.env.describe() + (f", {self.cluster.describe()}" if self.cluster else "")
        self.say(f"{plan.mode} scaling of {plan.workload} on {where}: "
                 f"{len(todo)} runs -> {plan.out}")
        baseline_work = None
        for index, layout in enumerate(todo, start=1):
            if self.interrupted:
                return
            key = config_key(plan, layout, self.cluster and self.cluster.placement)
            label = f"[{index}/{len(todo)}] {plan.workload}/{layout.model} " \
                    f"{layout.ranks}x{layout.threads}"
            if key in done:
                self.say(f"{label}: already recorded, skipped")
                continue
            record = self.run_one(plan, layout, key, label)
            if record is None:
                continue
            if plan.mode == "weak" and record.get("status") != "failed":
                work = record.get("size_per_core")
                baseline_work = baseline_work or work
                record["sweep"]["work_per_core"] = work
                record["sweep"]["work_per_core_constant"] = work == baseline_work
            append_record(plan.out, record)
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
        app_args = ["--scaling", plan.mode, "--reps", str(plan.reps), "--warmup",
                    str(plan.warmup), "--quiet", "--output", record_path] + plan.app_args
        if plan.size:
            app_args += ["--size", plan.size]
        cmd = command_for(layout, binary, app_args, self.env, self.launcher(),
                          self.args.oversubscribe, self.cluster, self.mpirun,
                          self.args.srun_mpi)
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
        record = None
        if os.path.exists(record_path):
            try:
                records = read_records(record_path, warn=None)
                record = records[0] if len(records) == 1 else None
            except RecordError:
                record = None
            os.unlink(record_path)
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
            self.say(f" {record['status']}: median {median}, {fom_text(record['fom'])}")
        record["sweep"] = sweep_info
        self.add_placement(record, layout)
        return record

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

    def say(self, text, end="\n"):
        if not self.args.quiet:
            print(text, end=end, flush=True)
