# SPDX-License-Identifier: MIT
"""The machine a benchmark runs on: the environment every run gets, how busy the CPUs are,
and which likwid-bench kernels run here."""

import os
import socket
import subprocess
import time

BUSY_WARN_PERCENT = 10  # busy before the start: warn
OTHERS_WARN_PERCENT = 5  # used by other processes during the runs: warn


def environment(root, pin_threads):
    """os.environ plus scripts/mpi-env.sh (root may run mpirun; the shared-memory transport),
    sourced rather than copied so its settings live in one place. Threads are pinned one per
    core, as mpirun binds ranks and likwid-bench pins its threads, unless the spec runs
    unpinned references; thread counts are always passed explicitly."""
    script = os.path.join(root, "scripts", "mpi-env.sh")
    dump = subprocess.run(["sh", "-c", '. "$1" && env -0', "sh", script], check=True,
                          capture_output=True).stdout
    env = dict(item.split("=", 1) for item in dump.decode().split("\0") if "=" in item)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_PROC_BIND", "OMP_PLACES"):
        env.pop(name, None)
    if pin_threads:
        env.update(OMP_PROC_BIND="close", OMP_PLACES="cores")
    return env


def cpu_ticks():
    """(busy, total) ticks of all CPUs from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    return user + nice + system + irq + softirq + steal, sum(fields)


def children_ticks():
    """CPU time of our finished children (apps, mpirun, references), in ticks."""
    times = os.times()
    return (times.children_user + times.children_system) * os.sysconf("SC_CLK_TCK")


def cpu_busy_percent(seconds=1.0):
    """Share of all CPUs that processes used over `seconds`: a busy machine skews every
    number, so a benchmark says so up front."""
    busy0, total0 = cpu_ticks()
    time.sleep(seconds)
    busy1, total1 = cpu_ticks()
    return round(100 * (busy1 - busy0) / max(total1 - total0, 1))


class OthersMeter:
    """How much of the CPUs other processes used between start() and percent(): busy ticks
    of all CPUs minus the CPU time of our own children."""

    def start(self):
        self.busy, self.total = cpu_ticks()
        self.ours = children_ticks()

    def percent(self):
        busy, total = cpu_ticks()
        others = (busy - self.busy) - (children_ticks() - self.ours)
        return max(0.0, 100 * others / max(total - self.total, 1))


def likwid_first_kernel(kernels, timeout=60):
    """(kernel, skipped) : the first likwid-bench kernel of the list that is offered and
    actually runs here (AVX-512 may be missing or trap), and the ones skipped with why;
    kernel is None when none runs. A tiny working set keeps each probe at ~1 s."""
    listing = subprocess.run(["likwid-bench", "-a"], capture_output=True, text=True)
    offered = {line.split()[0] for line in listing.stdout.splitlines() if line.split()}
    skipped = []
    for kernel in kernels:
        if kernel not in offered:
            skipped.append(f"{kernel} (not offered)")
            continue
        try:
            probe = subprocess.run(["likwid-bench", "-t", kernel, "-i", "2", "-w", "S0:24kB:1"],
                                   capture_output=True, text=True, timeout=timeout)
            if probe.returncode == 0 and "MByte/s:" in probe.stdout:
                return kernel, skipped
        except subprocess.TimeoutExpired:
            pass
        skipped.append(f"{kernel} (failed here)")
    return None, skipped


def host_line():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{socket.gethostname()}  ({cpu}, {os.cpu_count()} CPUs)"


def git_line(root):
    def git(*args):
        return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True)
    sha = git("rev-parse", "--short=12", "HEAD").stdout.strip() or "unknown"
    return sha + ("-dirty" if git("diff", "--quiet", "HEAD").returncode else "")
