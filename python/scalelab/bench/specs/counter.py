# SPDX-License-Identifier: MIT
"""What each fix of a race costs, as ratios to the OpenMP reduction: racy, atomic, critical
at 1 and 2 threads, mpi-reduce and mpi-rma at 2 ranks; and each method's 2-worker rate over
its 1-worker rate. Every worker does a fixed number of updates per method, chosen so a rep
takes a few tenths of a second (the per-update cost differs ~1000x between methods)."""

from scalelab.bench.spec import Group, Ratio, Spec, app

SHARED = ("racy", "atomic", "critical")
INCREMENTS = {"reduction": "500M", "racy": "50M", "atomic": "20M", "critical": "4M",
              "mpi-reduce": "500M", "mpi-rma": "300k"}
QUICK = {"reduction": "120M", "racy": "12M", "atomic": "5M", "critical": "1M",
         "mpi-reduce": "120M", "mpi-rma": "75k"}


def lost_share(record):
    return record["result"]["lost_updates"] / max(abs(record["result"]["expected"]), 1)


def method(name, workers):
    model, ranks, threads = ("mpi", workers, 1) if name.startswith("mpi") else \
        ("openmp", 1, workers)
    return app(name, "scalelab-counter", model, ranks, threads,
               f"--method {name} --increments {{{name.replace('-', '_')}}} --reps 3 --warmup 1",
               value="fom.updates_per_s", unit="updates/s", verify=name != "racy",
               extras={"lost share": lost_share} if name == "racy" else {})


SPEC = Spec(
    name="counter", summary="what each fix of a race costs, as ratios to the reduction",
    about=__doc__,
    apps=("scalelab-counter",), tools=("mpirun",),
    values={k.replace("-", "_"): v for k, v in INCREMENTS.items()},
    quick_values={k.replace("-", "_"): v for k, v in QUICK.items()},
    groups=[Group(f"{w}w", [method(m, w) for m in SHARED + (("mpi-reduce", "mpi-rma") if w == 2
                                                             else ())], method("reduction", w))
            for w in (1, 2)],
    ratios=[Ratio(f"{m} {w} worker(s) / reduction", f"{w}w/{m}") for w in (1, 2)
            for m in SHARED + (("mpi-reduce", "mpi-rma") if w == 2 else ())]
    + [Ratio(f"{m} 2 workers / 1 worker", f"2w/{m}", f"1w/{m}")
       for m in ("reduction", "racy", "atomic", "critical")],
    notes=["racy is never verified: its lost share is the median share of the expected total "
           "that the race lost; every other method must verify (0 lost updates)"],
)
