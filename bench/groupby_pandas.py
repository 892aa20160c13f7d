#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""groupby reference: pandas, as a data scientist would write it.

    groupby_pandas.py FILE.csv [--reps N] [--warmup N] [--out TABLE.csv]

read_csv (C engine) + groupby(SETTLEMENTDATE)[SCADAVALUE].agg(count, mean, std, min, max);
std is the sample std (ddof=1), as scalelab-groupby's. One thread (pandas does not thread
these). Prints the lines of reference_timing.py.
"""
import pandas as pd
import reference_timing as timing


def aggregate(path):
    frame = pd.read_csv(path, engine="c")
    return frame.groupby("SETTLEMENTDATE")["SCADAVALUE"].agg(["count", "mean", "std", "min", "max"])


def main():
    p = timing.parser(__doc__)
    args = p.parse_args()
    timing.check(p, args)
    table, seconds = timing.median_seconds(lambda: aggregate(args.file), args)
    rows = {key: (int(r[0]), r[1], r[2], r[3], r[4])
            for key, r in zip(table.index, table.to_numpy())}
    ran = f"pandas {pd.__version__}, read_csv (C engine) + groupby().agg, 1 thread; "
    timing.report(rows, ran + timing.what_is_timed(args), seconds, args.out)


if __name__ == "__main__":
    main()
