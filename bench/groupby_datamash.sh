#!/bin/sh
# SPDX-License-Identifier: MIT
# GNU datamash over the dispatch CSV, grouped by its first column: count, mean, sample
# standard deviation, min and max of the third. Prints "groups=N rows=M" as the other
# groupby references do.
#   groupby_datamash.sh FILE.csv
set -e
datamash -t, --header-in -g 1 count 3 mean 3 sstdev 3 min 3 max 3 <"$1" |
  awk -F, '{ n++; rows += $2 } END { printf "groups=%d rows=%d\n", n, rows }'
