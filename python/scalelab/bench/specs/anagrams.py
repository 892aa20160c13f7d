# SPDX-License-Identifier: MIT
"""scalelab-anagrams (serial, and openmp with 2 threads: the median rep from its record)
against what a user would otherwise write, as reference time / ours: the classic dict of
sorted-letter keys (bench/anagrams_dict.py), its multiprocessing Pool.map version
(bench/anagrams_pool.py, 2 processes), and an awk | sort -u | awk pipeline
(bench/anagrams_pipeline.sh). The Python versions time themselves (reading and grouping,
not the interpreter's start-up); the pipeline is timed from outside. Every run must report
the same numbers of words, anagram groups and words in them."""

import os
import subprocess

from scalelab.bench.spec import Group, Option, Ratio, Run, Spec, UsageError, app, at_least

OURS = ("serial", "openmp2")
REFS = {"dict": "Python dict", "pool": "Python Pool.map(2)", "pipeline": "awk | sort | awk"}


def answer_of(record):
    r = record["result"]
    return (f"words={r['words']} anagram_groups={r['anagram_groups']} "
            f"words_in_anagram_groups={r['words_in_anagram_groups']}")


def reference(name, command, **run):
    """Its own seconds=S when it prints them, else the wall time of the whole command."""
    def seconds(stdout, wall):
        return float(stdout.split("seconds=")[1].split()[0]) if "seconds=" in stdout else wall
    return Run(name, command, seconds, unit="s", record=False, **run,
               answer=lambda out: out.split(" seconds=")[0].strip())


def ours(name, model, threads):
    return app(name, "scalelab-anagrams", model, 1, threads,
               "--input {input} --reps 3 --warmup 1", value="time.median", unit="s",
               answer=answer_of)


def setup(ctx):
    if ctx.vars["input"]:
        if not os.access(ctx.vars["input"], os.R_OK) or os.path.isdir(ctx.vars["input"]):
            raise UsageError(f"--input: '{ctx.vars['input']}' is not a readable file")
    else:
        ctx.vars["input"] = os.path.join(ctx.work, "words.txt")
        subprocess.run([ctx.vars["python"], f"{ctx.root}/bench/anagrams_words.py",
                        str(ctx.vars["words"]), "42", ctx.vars["input"]], check=True)
    ctx.header.append(("input", f"{ctx.vars['input']} ({os.path.getsize(ctx.vars['input'])} "
                                "bytes)"))


SPEC = Spec(
    name="anagrams", summary="anagrams vs a Python dict, a Pool.map and an awk pipeline",
    about=__doc__,
    apps=("scalelab-anagrams",), tools=("awk", "sort"), setup=setup,
    options=[Option("words", 500000, "words in the generated list", parse=at_least(1)),
             Option("input", "", "use this word list instead", parse=str)],
    groups=[Group("all", [
        ours("serial", "serial", 1), ours("openmp2", "openmp", 2),
        reference("dict", "{python} {root}/bench/anagrams_dict.py {input}"),
        reference("pool", "{python} {root}/bench/anagrams_pool.py {input} 2"),
        reference("pipeline", "{root}/bench/anagrams_pipeline.sh {input}",
                  ran="mawk + sort -u + mawk pipeline, LC_ALL=C; timed: whole process")])],
    ratios=[Ratio(f"{label} / ours {o}", f"all/{r}", f"all/{o}") for r, label in REFS.items()
            for o in OURS]
    + [Ratio("Pool.map(2) / ours (best model)", "all/pool", tuple(f"all/{o}" for o in OURS),
             50)],
)
