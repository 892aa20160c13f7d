# SPDX-License-Identifier: MIT
"""likwid-bench as a reference: its stream kernels' bandwidth over a given working set."""

from scalelab.bench import machine
from scalelab.bench.spec import BenchFailure, Run

PLAIN = ("stream_avx512_fma", "stream_avx_fma", "stream_avx", "stream_sse", "stream")
NON_TEMPORAL = ("stream_mem_avx512", "stream_mem_avx", "stream_mem_sse", "stream_mem")


def field(stdout, name):
    for line in stdout.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    raise BenchFailure(f"no '{name}:' in likwid-bench's output")


def gb_per_s(stdout, _seconds):
    """likwid's MByte/s is 1e6 bytes/s over the same 3 x 8 B per element that ScaleLab counts."""
    return float(field(stdout, "MByte/s")) / 1000


def same_working_set(stdout, variables):
    """Refuses a silently different working set (likwid rounds sizes it is given in kB/MB)."""
    size, wanted = int(field(stdout, "Size (Byte)")), int(variables["likwid_bytes"])
    return None if size == wanted else f"likwid-bench used {size} bytes, wanted {wanted}"


def triad(name, kernel_variable, threads, sweeps_variable):
    return Run(name, f"likwid-bench -t {{{kernel_variable}}} -i {{{sweeps_variable}}} "
               f"-w S0:{{likwid_bytes}}B:{threads}", gb_per_s, unit="GB/s", record=False,
               check=same_working_set, ran=f"likwid-bench -t {{{kernel_variable}}}, {threads} "
               "threads on S0, {likwid_bytes} B; timed by likwid-bench: all its sweeps")


def choose_kernels(ctx):
    """Sets the variables likwid_plain and likwid_mem to the widest kernels that run here."""
    for variable, kernels, label in (("likwid_plain", PLAIN, "plain stores"),
                                     ("likwid_mem", NON_TEMPORAL, "non-temporal stores")):
        kernel, skipped = machine.likwid_first_kernel(kernels)
        if kernel is None:
            raise BenchFailure(f"no likwid-bench kernel of {', '.join(kernels)} runs here")
        ctx.vars[variable] = kernel
        skipped = f" (skipped {'; '.join(skipped)})" if skipped else ""
        ctx.header.append((f"likwid {label}", kernel + skipped))
