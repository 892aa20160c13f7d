# SPDX-License-Identifier: MIT
"""Where the sweep runs (workstation or SLURM allocation) and how each layout is launched."""

import os
import shutil
import subprocess


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


class Mpirun:
    """The MPI launcher and the dialect of its options. $SCALELAB_MPIRUN (the launchers in
    bin/ set it to the mpiexec of the MPI the apps were built with) or mpirun on PATH; Open MPI
    and the Hydra launcher of MPICH (and Intel MPI) name the same things differently, and
    `--version` says which one this is. Any other launcher gets only `-n`: ranks then inherit
    the environment and the launcher's default placement."""

    def __init__(self, path=None):
        self.path = path or os.environ.get("SCALELAB_MPIRUN") or shutil.which("mpirun") \
            or "mpirun"
        self.flavour = self._flavour()

    def _flavour(self):
        try:
            version = subprocess.run([self.path, "--version"], capture_output=True, text=True,
                                     timeout=30).stdout
        except (OSError, subprocess.TimeoutExpired):
            return "unknown"
        if "Open MPI" in version or "OpenRTE" in version:
            return "openmpi"
        if "HYDRA" in version or "Intel(R) MPI" in version:
            return "hydra"
        return "unknown"

    def env_args(self, variables):
        """Options that give every rank these variables, on every node."""
        if self.flavour == "openmpi":
            return [arg for name, value in variables.items() for arg in ("-x", f"{name}={value}")]
        if self.flavour == "hydra":
            return [arg for name, value in variables.items()
                    for arg in ("-genv", name, str(value))]
        return []

    def placement_args(self, threads, nodes, bind_to, oversubscribe):
        """Ranks spread round-robin over the nodes (horizontal scaling), each bound to
        `threads` cores unless oversubscribed or told not to bind."""
        unbound = oversubscribe or bind_to == "none"
        if self.flavour == "openmpi":
            mapping = "node" if nodes > 1 else "slot"
            if unbound:
                return ["--map-by", mapping, "--bind-to", "none"] \
                    + (["--oversubscribe"] if oversubscribe else [])
            return ["--map-by", f"{mapping}:PE={threads}", "--bind-to", bind_to]
        if self.flavour == "hydra":   # Hydra oversubscribes without being asked
            spread = ["-ppn", "1"] if nodes > 1 else []
            return spread + ["-bind-to", "none" if unbound else f"{bind_to}:{threads}"]
        return []


def command_for(layout, binary, app_args, env, launcher, oversubscribe, cluster=None,
                mpirun=None, srun_mpi=None):
    """argv that runs one layout. Non-MPI models run directly; MPI models under mpirun (or
    srun), each rank bound to `threads` cores unless oversubscribed (binding more ranks than
    cores would fail); on a virtual cluster, mpirun with the cluster's options and placement
    (unbound: every namespace host sees the same cores)."""
    app = [binary, "--model", layout.model, "--threads", str(layout.threads)] + app_args
    if layout.model not in ("mpi", "hybrid"):
        return app
    threads = thread_env(layout.threads, cluster is None)
    if cluster:   # the virtual cluster runs Open MPI's mpirun (its options are Open MPI's)
        return ([shutil.which("mpirun") or "mpirun", "-n", str(layout.ranks)]
                + cluster.mpirun_args + cluster.placement_args(layout.ranks)
                + (["--oversubscribe"] if oversubscribe else [])
                + [arg for name, value in threads.items() for arg in ("-x", f"{name}={value}")]
                + app)
    if launcher == "srun":
        # srun passes the environment on; --mpi names the PMI plugin the MPI library needs
        # (without it, the cluster's MpiDefault).
        bind = "none" if oversubscribe or env.bind_to == "none" else "cores"
        return ["srun", "--ntasks", str(layout.ranks), "--cpus-per-task", str(layout.threads),
                f"--cpu-bind={bind}"] + ([f"--mpi={srun_mpi}"] if srun_mpi else []) + app
    mpirun = mpirun or Mpirun()
    return ([mpirun.path, "-n", str(layout.ranks)]
            + mpirun.placement_args(layout.threads, env.nodes, env.bind_to, oversubscribe)
            + mpirun.env_args(threads) + app)
