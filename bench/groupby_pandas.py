#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""groupby reference: pandas, as a data scientist would write it.

    groupby_pandas.py FILE.csv   ->  prints "groups=N rows=M"

read_csv + groupby(SETTLEMENTDATE)[SCADAVALUE].agg(count, mean, std, min, max); std is the
sample std (ddof=1), as scalelab-groupby's.
"""
import sys

import pandas as pd

frame = pd.read_csv(sys.argv[1])
table = frame.groupby("SETTLEMENTDATE")["SCADAVALUE"].agg(["count", "mean", "std", "min", "max"])
print(f"groups={len(table)} rows={int(table['count'].sum())}")
