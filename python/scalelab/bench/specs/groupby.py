# SPDX-License-Identifier: MIT
"""scalelab-groupby against the tools people use for the same job, on one generated dispatch
CSV, as reference time / ours: GNU datamash, pandas (bench/groupby_pandas.py), the classic
csv + dict Python (bench/groupby_csv_dict.py), and a multiprocessing Pool.map with 2
processes against ours with 2 OpenMP threads; plus our read phase from the CSV vs from its
HDF5 form. References: the whole process's wall time; ours: the record's median rep (read +
parse + aggregate + merge). Every run must report the same numbers of groups and rows."""

import os
import subprocess

from scalelab.bench.spec import Group, Option, Ratio, Run, Spec, count


def ours(name, args):
    return Run(name, f"{{bin}}/scalelab-groupby {args} --reps 3 --warmup 1", "time.median",
               unit="s", answer=lambda r: f"groups={r['result']['groups']} "
                                          f"rows={r['result']['rows']}",
               extras={"read s": "breakdown.read"})


def reference(name, command):
    return Run(name, command, lambda _out, seconds: seconds, unit="s", record=False,
               answer=lambda out: out.strip())


def setup(ctx):
    gen = f"{ctx.vars['bin']}/scalelab-groupby-gen"
    csv, h5 = os.path.join(ctx.work, "dispatch.csv"), os.path.join(ctx.work, "dispatch.h5")
    for args in (["--rows", str(ctx.vars["rows"]), "--seed", "42", "--output", csv],
                 ["--convert", csv, "--output", h5]):
        subprocess.run([gen] + args, check=True, stdout=subprocess.DEVNULL)
    ctx.vars.update(csv=csv, h5=h5)
    ctx.header.append(("input", f"{ctx.vars['rows']} rows, {os.path.getsize(csv) // 10**6} MB "
                                f"CSV, {os.path.getsize(h5) // 10**6} MB HDF5"))


SPEC = Spec(
    name="groupby", summary="groupby vs datamash, pandas, csv+dict and Pool.map",
    about=__doc__,
    apps=("scalelab-groupby", "scalelab-groupby-gen"), tools=("datamash",),
    python_modules=("pandas",), setup=setup, provides=("csv", "h5"), pin_threads=False,
    options=[Option("rows", "2M", "rows in the generated CSV", "1M", count)],
    groups=[Group("all", [
        ours("serial", "--model serial --input {csv}"),
        reference("datamash", "{root}/bench/groupby_datamash.sh {csv}"),
        ours("openmp2", "--model openmp --threads 2 --input {csv}"),
        reference("pandas", "{python} {root}/bench/groupby_pandas.py {csv}"),
        ours("hdf5", "--model serial --input {h5}"),
        reference("csvdict", "{python} {root}/bench/groupby_csv_dict.py {csv}"),
        reference("pool2", "{python} {root}/bench/groupby_pool.py {csv} 2")])],
    ratios=[Ratio("datamash / ours serial", "all/datamash", "all/serial", 10),
            Ratio("pandas / ours serial", "all/pandas", "all/serial", 3),
            Ratio("csv+dict / ours serial", "all/csvdict", "all/serial"),
            Ratio("Pool.map(2) / ours openmp(2)", "all/pool2", "all/openmp2", 50),
            Ratio("HDF5 / CSV, ours serial", "all/hdf5", "all/serial")],
)
