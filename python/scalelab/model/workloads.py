# SPDX-License-Identifier: MIT
"""Time per rep of each workload on p ranks: compute (its units of work at the calibrated
per-core rate, shared by the cores) plus communication (its messages in the Hockney model
alpha + n beta, collectives as trees scaled by the measured factor).

    pi         one reduction of 8 bytes:               f_ar depth(p) (alpha + 8 beta)
    heat       per step, the halo of the 2-D process grid pr x pc: 2 messages of a block
               row (8 nx/pc bytes) north/south and 2 of a block column (8 ny/pr bytes)
               west/east (one per side when that side of the grid has 2 ranks, none when 1)
    matmul     SUMMA: per panel of width w, A's piece (8 w n/pr bytes) broadcast along a
               grid row of pc ranks, B's (8 w n/pc bytes) along a grid column of pr ranks
    wordcount  the shuffle: every rank sends (p - 1) messages of T/p bytes, its count table
               T split by owner (pairwise all-to-all), then the summary's reductions (a
               tree). T = V/(p - 1) from a run's result.shuffle_bytes V (what crossed
               between ranks), and stays T at any p: a Zipf corpus's vocabulary is in every
               rank's block (an over-estimate once blocks hold fewer distinct words)
    groupby    the partial tables gathered to rank 0: it receives (p - 1) messages, one
               after the other, T (p - 1)/p bytes in all, where T = V p/(p - 1) is the
               whole table (groups by time: each rank holds ~1/p of them); then a tree
               for the line numbers and phase times
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
    """wordcount and groupby: local map over the input, then the exchange of partial
    results (`exchange`: "all-to-all" or "gather"), then small reductions."""

    def __init__(self, name, exchange):
        self.name = name
        self.exchange = exchange

    @staticmethod
    def units(record):
        return float(record["size"])

    def size(self, record):
        """Work units, and table_bytes T (see above) from the bytes the run moved between
        its ranks (none from a 1-rank run: T = 0)."""
        ranks = record["ranks"]
        moved = float((record.get("result") or {}).get("shuffle_bytes", 0))
        if ranks == 1:
            table = 0.0
        elif self.exchange == "all-to-all":
            table = moved / (ranks - 1)
        else:
            table = moved * ranks / (ranks - 1)
        return {"units": float(record["size"]), "table_bytes": table}

    @staticmethod
    def total_units(size):
        return size["units"]

    def communication(self, size, ranks, net, factor):
        if ranks == 1:
            return 0.0
        table = size["table_bytes"]
        if self.exchange == "all-to-all":
            moved = (ranks - 1) * net.message(table / ranks)
        else:  # gather: the root takes every other rank's part in turn
            moved = (ranks - 1) * net.alpha + table * (ranks - 1) / ranks * net.beta
        return moved + factor("allreduce") * depth(ranks) * net.alpha


WORKLOADS = {w.name: w for w in (Pi, Heat, Matmul, MapReduce("wordcount", "all-to-all"),
                                 MapReduce("groupby", "gather"))}


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


def study_size(records, workload):
    """The problem a prediction is for: that of the workload's run on the most ranks (the one
    that shows most of its communication), then the most cores."""
    runs = [r for r in records if r.get("workload") == workload and r.get("status") == "ok"]
    return size_of(max(runs, key=lambda r: (r.get("ranks", 1), r.get("cores", 1))))
