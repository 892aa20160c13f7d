"""Where the sweep runs (workstation or SLURM allocation) and how each layout is launched."""

import os
import shutil


class Environment:
    """The machine or allocation the sweep runs in."""

    def __init__(self):
        self.slurm_job = os.environ.get("SLURM_JOB_ID")
        self.nodes = int(os.environ.get("SLURM_JOB_NUM_NODES", "1")) if self.slurm_job else 1
        self.cores = self._available_cores()
        # Threads of one process cannot span nodes: vertical layouts stop at one node.
        self.cores_per_node = max(1, self.cores // self.nodes)
        # An allocation has as many MPI slots as tasks; a workstation one per core.
        self.max_ranks = int(os.environ.get("SLURM_NTASKS", self.cores)) if self.slurm_job \
            else self.cores
        # One-box test clusters put every fake node on the same cores: binding each node's
        # ranks to "its" first cores would stack them all on CPU 0 (slurm/env.sh sets this).
        self.bind_to = os.environ.get("SCALELAB_BIND_TO", "core")

    def _available_cores(self):
        if self.slurm_job:
            # SLURM_JOB_CPUS_PER_NODE looks like "4(x2),2": cpus per node, repeated.
            total = 0
            for part in os.environ.get("SLURM_JOB_CPUS_PER_NODE", "").split(","):
                if not part:
                    continue
                count, _, repeat = part.partition("(x")
                total += int(count) * (int(repeat.rstrip(")")) if repeat else 1)
            if total:
                return total
        return len(os.sched_getaffinity(0))

    def describe(self):
        if self.slurm_job:
            return (f"SLURM job {self.slurm_job}: {self.nodes} node(s), {self.cores} cores, "
                    f"{self.max_ranks} tasks")
        return f"workstation: {self.cores} cores"


def thread_env(threads, bound=True):
    """OpenMP settings for a layout: threads on distinct cores, packed close to their rank.
    Ranks that are not bound (virtual-cluster hosts all see every core) must not bind their
    threads either: each would take "the first core" of the whole machine, CPU 0 for all,
    and ranks spinning on one CPU wait a scheduler slice for every message."""
    if not bound:
        return {"OMP_NUM_THREADS": str(threads), "OMP_PROC_BIND": "false"}
    return {"OMP_NUM_THREADS": str(threads), "OMP_PLACES": "cores", "OMP_PROC_BIND": "close"}


def command_for(layout, binary, app_args, env, launcher, oversubscribe, cluster=None):
    """argv that runs one layout. Non-MPI models run directly; MPI models under mpirun (or
    srun), each rank bound to `threads` cores unless oversubscribed (binding more ranks than
    cores would fail); on a virtual cluster, mpirun with the cluster's options and placement
    (unbound: every namespace host sees the same cores)."""
    app = [binary, "--model", layout.model, "--threads", str(layout.threads)] + app_args
    if layout.model not in ("mpi", "hybrid"):
        return app
    threads = [arg for name, value in thread_env(layout.threads, cluster is None).items()
               for arg in ("-x", f"{name}={value}")]
    if cluster:
        return ([shutil.which("mpirun") or "mpirun", "-n", str(layout.ranks)]
                + cluster.mpirun_args + cluster.placement_args(layout.ranks)
                + (["--oversubscribe"] if oversubscribe else []) + threads + app)
    if launcher == "srun":
        return ["srun", "--ntasks", str(layout.ranks), "--cpus-per-task", str(layout.threads),
                "--cpu-bind=cores", "--mpi=pmix"] + app
    cmd = [shutil.which("mpirun") or "mpirun", "-n", str(layout.ranks)]
    # Horizontal scaling spreads ranks over the allocation's nodes round-robin.
    mapping = "node" if env.nodes > 1 else "slot"
    if oversubscribe or env.bind_to == "none":
        cmd += ["--map-by", mapping, "--bind-to", "none"]
        cmd += ["--oversubscribe"] if oversubscribe else []
    else:
        cmd += ["--map-by", f"{mapping}:PE={layout.threads}", "--bind-to", env.bind_to]
    return cmd + threads + app
