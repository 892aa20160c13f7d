# SPDX-License-Identifier: MIT
"""scalelab-groupby against the tools people use for the same job, on one generated dispatch
CSV, as reference time / ours: GNU datamash, pandas, the classic csv + dict Python, a
multiprocessing Pool.map with 2 processes (against ours with 2 OpenMP threads), and DuckDB
and Polars at 1 and 2 threads; plus our read from the CSV vs from its HDF5 form. Both sides
time the same thing: read + aggregate of the whole file, the median of 3 after 1 warm-up
(ours: the record's median rep; each reference its own `seconds:`, in-process, or for
datamash its whole process minus its start-up). Every run must report the same groups and
rows; each reference's `ran:` line is printed under the table."""

import os
import subprocess

from scalelab.bench.spec import Group, Option, Ratio, Run, Spec, count, float_after

TIMING = "--reps 3 --warmup 1"  # ours and every reference alike
NODE = "node {root}/bench/node"
REFERENCES = {
    "datamash": "{root}/bench/groupby_datamash.sh {csv}",
    "pandas": "{python} {root}/bench/groupby_pandas.py {csv}",
    "csvdict": "{python} {root}/bench/groupby_csv_dict.py {csv}",
    "pool2": "{python} {root}/bench/groupby_pool.py {csv} 2",
    "duckdb1": f"{NODE}/groupby_duckdb.mjs {{csv}} --threads 1",
    "duckdb2": f"{NODE}/groupby_duckdb.mjs {{csv}} --threads 2",
    "polars1": f"{NODE}/groupby_polars.mjs {{csv}} --threads 1",
    "polars2": f"{NODE}/groupby_polars.mjs {{csv}} --threads 2",
}


def first_line(out):
    return out.strip().splitlines()[0]


def ours(name, args):
    return Run(name, f"{{bin}}/scalelab-groupby {args} {TIMING}", "time.median", unit="s",
               answer=lambda r: f"groups={r['result']['groups']} rows={r['result']['rows']}",
               extras={"read s": "breakdown.read"})


def reference(name):
    return Run(name, f"{REFERENCES[name]} {TIMING}", float_after("seconds:"), unit="s",
               record=False, answer=first_line)


def setup(ctx):
    gen = f"{ctx.vars['bin']}/scalelab-groupby-gen"
    csv, h5 = os.path.join(ctx.work, "dispatch.csv"), os.path.join(ctx.work, "dispatch.h5")
    for args in (["--rows", str(ctx.vars["rows"]), "--seed", "42", "--output", csv],
                 ["--convert", csv, "--output", h5]):
        subprocess.run([gen] + args, check=True, stdout=subprocess.DEVNULL)
    ctx.header.append(("input", f"{ctx.vars['rows']} rows, {os.path.getsize(csv) // 10**6} MB "
                                f"CSV, {os.path.getsize(h5) // 10**6} MB HDF5"))
    ctx.vars.update(csv=csv, h5=h5)


SPEC = Spec(
    name="groupby", summary="groupby vs datamash, pandas, csv+dict, Pool.map, DuckDB, Polars",
    about=__doc__,
    apps=("scalelab-groupby", "scalelab-groupby-gen"), tools=("datamash", "node"),
    python_modules=("pandas",), setup=setup, provides=("csv", "h5"), pin_threads=False,
    options=[Option("rows", "2M", "rows in the generated CSV", "1M", count)],
    groups=[Group("all", [ours("serial", "--model serial --input {csv}"),
                          reference("datamash"), reference("duckdb1"),
                          ours("openmp2", "--model openmp --threads 2 --input {csv}"),
                          reference("pandas"), reference("polars2"),
                          ours("hdf5", "--model serial --input {h5}"),
                          reference("csvdict"), reference("duckdb2"), reference("pool2"),
                          reference("polars1")])],
    ratios=[Ratio("datamash / ours serial", "all/datamash", "all/serial", 10),
            Ratio("pandas / ours serial", "all/pandas", "all/serial", 3),
            Ratio("csv+dict / ours serial", "all/csvdict", "all/serial"),
            Ratio("Pool.map(2) / ours openmp(2)", "all/pool2", "all/openmp2", 50),
            Ratio("DuckDB(1) / ours serial", "all/duckdb1", "all/serial"),
            Ratio("DuckDB(2) / ours openmp(2)", "all/duckdb2", "all/openmp2"),
            Ratio("Polars(1) / ours serial", "all/polars1", "all/serial"),
            Ratio("Polars(2) / ours openmp(2)", "all/polars2", "all/openmp2"),
            Ratio("HDF5 / CSV, ours serial", "all/hdf5", "all/serial")],
)
