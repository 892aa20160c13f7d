"""Time per rep of each workload on p ranks: compute (its units of work at the calibrated
per-core rate, shared by the cores) plus communication (its messages in the Hockney model
alpha + n beta, collectives as trees scaled by the measured factor).

    pi         one reduction of 8 bytes:               f_ar depth(p) (alpha + 8 beta)
    heat       per step, the halo of the 2-D process grid pr x pc: 2 messages of a block
               row (8 nx/pc bytes) north/south and 2 of a block column (8 ny/pr bytes)
               west/east (one per side when that side of the grid has 2 ranks, none when 1)
    matmul     SUMMA: per panel of width w, A's piece (8 w n/pr bytes) broadcast along a
               grid row of pc ranks, B's (8 w n/pc bytes) along a grid column of pr ranks
    wordcount, groupby
               the shuffle: an all-to-all of the record's result.shuffle_bytes, pairwise
               ((p - 1) messages of V/p^2 bytes per rank), then a reduction tree
Work units: pi samples, heat cell updates, matmul flops, wordcount/groupby --size units.
"""

import math


class NoCalibration(Exception):
    """The records cannot calibrate what was asked (or lack what a workload's formula
    needs): one line, exit code 2."""


def depth(ranks):
    return math.ceil(math.log2(ranks)) if ranks > 1 else 0


def factor_pairs(ranks):
    return [(r, ranks // r) for r in range(1, ranks + 1) if ranks % r == 0]


def heat_grid(ranks, nx, ny):
    """The process grid heat uses: the squarest factors (MPI_Dims_create), oriented for the
    shorter halo (the larger factor along the longer side of the grid)."""
    big = min((b for b, s in factor_pairs(ranks) if b >= s), key=lambda b: b)
    small = ranks // big
    return (big, small) if ny >= nx else (small, big)   # (rows pr, cols pc)


def side_messages(procs):
    return 0 if procs == 1 else (1 if procs == 2 else 2)


class Pi:
    name = "pi"

    @staticmethod
    def units(record):
        return float(record["size"])

    @staticmethod
    def size(record):
        return {"samples": float(record["size"])}

    @staticmethod
    def total_units(size):
        return size["samples"]

    @staticmethod
    def communication(size, ranks, net, factor):
        return factor("allreduce") * depth(ranks) * net.message(8)


class Heat:
    name = "heat"

    @staticmethod
    def units(record):
        params = record["params"]
        return float(params["nx"] * params["ny"] * (params["steps"] - params["start_step"]))

    @staticmethod
    def size(record):
        params = record["params"]
        return {"nx": params["nx"], "ny": params["ny"],
                "steps": params["steps"] - params["start_step"]}

    @staticmethod
    def total_units(size):
        return float(size["nx"] * size["ny"] * size["steps"])

    @staticmethod
    def communication(size, ranks, net, factor):
        rows, cols = heat_grid(ranks, size["nx"], size["ny"])
        ns = side_messages(rows) * net.message(8 * size["nx"] / cols)
        we = side_messages(cols) * net.message(8 * size["ny"] / rows)
        return size["steps"] * (ns + we)


class Matmul:
    name = "matmul"

    @staticmethod
    def units(record):
        return 2.0 * float(record["params"]["n"]) ** 3

    @staticmethod
    def size(record):
        return {"n": record["params"]["n"]}

    @staticmethod
    def total_units(size):
        return 2.0 * float(size["n"]) ** 3

    @staticmethod
    def communication(size, ranks, net, factor):
        n = float(size["n"])
        rows, cols = min(factor_pairs(ranks), key=lambda rc: (abs(rc[0] - rc[1]), -rc[0]))
        panels = rows + cols - math.gcd(rows, cols)   # union of the two block boundaries
        a_share = depth(cols) * (panels * net.alpha + 8 * n * (n / rows) * net.beta)
        b_share = depth(rows) * (panels * net.alpha + 8 * n * (n / cols) * net.beta)
        return factor("bcast") * ((a_share if cols > 1 else 0) + (b_share if rows > 1 else 0))


class MapReduce:
    """wordcount and groupby: local map over the input, shuffle, reduce."""

    def __init__(self, name):
        self.name = name

    @staticmethod
    def units(record):
        return float(record["size"])

    @staticmethod
    def size(record):
        return {"units": float(record["size"]),
                "shuffle_bytes": float((record.get("result") or {}).get("shuffle_bytes", 0))}

    @staticmethod
    def total_units(size):
        return size["units"]

    @staticmethod
    def communication(size, ranks, net, factor):
        if ranks == 1:
            return 0.0
        per_pair = size["shuffle_bytes"] / ranks / ranks
        return (ranks - 1) * net.message(per_pair) + factor("allreduce") * depth(ranks) * net.alpha


WORKLOADS = {w.name: w for w in (Pi, Heat, Matmul, MapReduce("wordcount"),
                                 MapReduce("groupby"))}


def checked(what, record):
    """what(record), or NoCalibration naming the key a record lacks."""
    try:
        return what(record)
    except (KeyError, TypeError) as error:
        raise NoCalibration(f"a {record.get('variant', record.get('workload'))} record lacks "
                            f"what the model needs ({error})") from None


def work_units(record):
    return checked(WORKLOADS[record["workload"]].units, record)


def size_of(record):
    return checked(WORKLOADS[record["workload"]].size, record)
