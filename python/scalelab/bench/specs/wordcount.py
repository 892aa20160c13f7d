# SPDX-License-Identifier: MIT
"""scalelab-wordcount against the usual tools, as ratios of throughput (MB/s): total words
(--total-only: openmp at 1 and 2 threads, eigen) vs `wc -w`; word frequencies (openmp at 1
and 2 threads) vs a mawk script, and at 2 threads vs the classic Python Pool.map over lines
(bench/wordcount_pool.py, 2 processes) on a tenth of the corpus (a per-line Pool.map is
~1000x slower; a ratio of rates does not depend on the size). References: MB / wall time of
the whole command; ours: the record's MB/s over the median rep (reading included)."""

import os
import subprocess

from scalelab.bench.spec import Group, Option, Ratio, Run, Spec, app, at_least

MAWK = "mawk '{{ for (i = 1; i <= NF; i++) c[$i]++ }} END {{ for (w in c) print w, c[w] }}'"


def ours(name, model, threads, args):
    return app(name, "scalelab-wordcount", model, 1, threads, f"{args} --reps 3 --warmup 1",
               value="fom.MB_per_s", unit="MB/s")


POOL_RAN = ("Python multiprocessing.Pool.map of per-line Counters, 2 processes; timed: whole "
            "process (interpreter start-up included)")


def reference(name, command, mb, **run):
    return Run(name, command, None, unit="MB/s", rate_of=mb, record=False, **run)


def setup(ctx):
    corpus = f"{ctx.vars['bin']}/scalelab-wordcount-corpus"
    for name, mb, seed in (("big", ctx.vars["mb"], 42), ("small", ctx.vars["mb"] // 10, 43)):
        path = os.path.join(ctx.work, f"corpus-{name}.txt")
        with open(path, "wb") as out:
            subprocess.run([corpus, f"{mb}M", str(seed)], stdout=out, check=True)
        with open(path, "rb") as text:  # into the page cache: everybody reads from memory
            while text.read(1 << 24):
                pass
        ctx.vars[name], ctx.vars[f"{name}_mb"] = path, os.path.getsize(path) / 1e6
    ctx.header.append(("corpus", f"{ctx.vars['big_mb']:.0f} MB (wc, mawk), "
                                 f"{ctx.vars['small_mb']:.0f} MB (Python)"))


SPEC = Spec(
    name="wordcount", summary="wordcount vs wc -w, mawk and a Python Pool.map",
    about=__doc__,
    apps=("scalelab-wordcount", "scalelab-wordcount-corpus"), tools=("mawk", "wc"),
    setup=setup, provides=("big", "big_mb", "small", "small_mb"),
    options=[Option("mb", 200, "corpus MB for wc and mawk (Python gets a tenth)", 50,
                    at_least(10))],
    groups=[Group("total", [
                ours("1 thread", "openmp", 1, "--total-only --input {big}"),
                reference("wc -w", "wc -w {big}", "big_mb", env={"LC_ALL": "C.UTF-8"},
                          ran="GNU wc -w, LC_ALL=C.UTF-8, 1 process; timed: whole process"),
                ours("2 threads", "openmp", 2, "--total-only --input {big}"),
                ours("eigen", "eigen", 1, "--input {big}")]),
            Group("freq", [ours("1 thread", "openmp", 1, "--input {big}"),
                           reference("mawk", MAWK + " {big}", "big_mb",
                                     ran="mawk word-frequency script, 1 process; timed: "
                                         "whole process"),
                           ours("2 threads", "openmp", 2, "--input {big}")]),
            Group("python", [reference("Pool.map(2)", "{python} {root}/bench/wordcount_pool.py "
                                       "{small} 2", "small_mb", ran=POOL_RAN),
                             ours("2 threads", "openmp", 2, "--input {small}")])],
    ratios=[Ratio("total 1 thread / wc -w", "total/1 thread", "total/wc -w", 10),
            Ratio("total eigen / wc -w", "total/eigen", "total/wc -w", 10),
            Ratio("total 2 threads / total 1 thread", "total/2 threads", "total/1 thread", 1.8),
            Ratio("frequencies 1 thread / mawk", "freq/1 thread", "freq/mawk", 5),
            Ratio("frequencies 2 threads / 1 thread", "freq/2 threads", "freq/1 thread", 1.0),
            Ratio("frequencies 2 threads / Pool.map(2)", "python/2 threads",
                  "python/Pool.map(2)", 50)],
)
