#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Integration test on a real SLURM cluster: starts slurm/local-cluster.sh with 2 fake nodes,
# sbatches a tiny strong-scaling study across both (mpirun inside the job), waits for it,
# checks that every record is there and verified, and stops the cluster (also on failure).
# Exit 77 (ctest: skipped) where SLURM cannot be run: not root.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$root/tests/slurm/run_job.sh"
[[ $(id -u) -eq 0 ]] || { echo "skipped: the local SLURM cluster needs root"; exit 77; }

work=$(mktemp -d /tmp/scalelab-slurm-test.XXXXXX)
# Own state dir and ports, so a cluster the user started is not touched.
export SCALELAB_SLURM_DIR=$work/cluster SCALELAB_SLURM_PORT=${SCALELAB_SLURM_TEST_PORT:-17817}
export SLURM_CONF=$SCALELAB_SLURM_DIR/slurm.conf
# The one-box cluster's settings (run as root, transport, binding) come from its site file.
export SCALELAB_SITE=$root/slurm/sites/local.sh
cleanup() {
  "$root/slurm/local-cluster.sh" stop || true
  rm -rf "$work"
}
trap cleanup EXIT

"$root/slurm/local-cluster.sh" start 2
cd "$root"
export SCALELAB_RESUME_DIR=$work/results
run_job "$work/job.out" -N 2 --ntasks-per-node=2 \
  slurm/strong.sbatch pi --models serial,mpi,hybrid --cores 1,4 --size 2M --reps 1

PYTHONPATH="$root/python" /usr/bin/python3 - "$work/results/pi-strong.jsonl" <<'PY'
import sys
from scalelab.records import read_records
records = read_records(sys.argv[1])
layouts = sorted((r["model"], r["ranks"], r["threads"]) for r in records)
expected = sorted([("serial", 1, 1), ("mpi", 1, 1), ("hybrid", 1, 1), ("mpi", 4, 1),
                   ("hybrid", 2, 2), ("hybrid", 4, 1)])
assert layouts == expected, f"layouts {layouts} != {expected}"
assert all(r["verified"] and r["status"] == "ok" for r in records), "unverified records"
wide = [r for r in records if r["model"] == "mpi" and r["ranks"] == 4][0]
slurm = wide["provenance"]["slurm"]
assert slurm and slurm["nodes"] == "2", slurm
hosts = sorted({p["host"] for p in wide["provenance"]["placement"]})
assert hosts == ["node1", "node2"], f"ranks ran on {hosts}, expected both fake nodes"
print(f"ok: {len(records)} verified records, 4-rank run spanned {hosts}")
PY
