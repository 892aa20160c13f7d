#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# srun as the MPI launcher on the local SLURM cluster: the MPICH build's pi study, every MPI
# run started by `srun --mpi=pmi2` (site file slurm/sites/local-mpich-srun.sh), across both
# fake nodes. Open MPI's pairings are documented in docs/cluster.md (none works across this
# cluster's nodes). Exit 77 (ctest: skipped) where SLURM cannot be run: not root.
#   srun_test.sh BIN_DIR      (the MPICH build's bin/)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$root/tests/slurm/run_job.sh"
[[ $(id -u) -eq 0 ]] || { echo "skipped: the local SLURM cluster needs root"; exit 77; }

work=$(mktemp -d /tmp/scalelab-srun-test.XXXXXX)
export SCALELAB_SLURM_DIR=$work/cluster SCALELAB_SLURM_PORT=${SCALELAB_SLURM_SRUN_TEST_PORT:-17857}
export SLURM_CONF=$SCALELAB_SLURM_DIR/slurm.conf
export SCALELAB_SITE=$root/slurm/sites/local-mpich-srun.sh SCALELAB_BIN_DIR=$1
cleanup() {
  "$root/slurm/local-cluster.sh" stop || true
  rm -rf "$work"
}
trap cleanup EXIT

"$root/slurm/local-cluster.sh" start 2
cd "$root"
export SCALELAB_RESUME_DIR=$work/results
run_job "$work/job.out" -N 2 --ntasks-per-node=2 \
  slurm/strong.sbatch pi --models mpi,hybrid --cores 1,4 --size 2M --reps 1 --warmup 0

PYTHONPATH="$root/python" /usr/bin/python3 - "$work/results/pi-strong.jsonl" <<'PY'
import json, sys
from scalelab.records import read_records
records = read_records(sys.argv[1])
layouts = sorted((r["model"], r["ranks"], r["threads"]) for r in records)
expected = sorted([("mpi", 1, 1), ("hybrid", 1, 1), ("mpi", 4, 1), ("hybrid", 2, 2),
                   ("hybrid", 4, 1)])
assert layouts == expected, f"layouts {layouts} != {expected}"
assert all(r["verified"] and r["status"] == "ok" for r in records), \
    [r.get("message") for r in records]
for r in records:
    assert "MPICH" in json.dumps(r["provenance"]), "not the MPICH build"
    command = r["sweep"]["command"]
    assert command[0] == "srun" and "--mpi=pmi2" in command, command
wide = [r for r in records if r["model"] == "mpi" and r["ranks"] == 4][0]
hosts = sorted({p["host"] for p in wide["provenance"]["placement"]})
ranks = sorted(p["rank"] for p in wide["provenance"]["placement"])
assert ranks == [0, 1, 2, 3], f"one MPI job of 4 ranks expected, got ranks {ranks}"
assert hosts == ["node1", "node2"], f"ranks ran on {hosts}, expected both fake nodes"
print(f"ok: {len(records)} verified records, every MPI run started by srun --mpi=pmi2, "
      f"the 4-rank run on {hosts}")
PY
