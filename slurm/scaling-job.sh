#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The body of strong.sbatch and weak.sbatch: run a sweep inside the allocation.
#   scaling-job.sh strong|weak WORKLOAD [sweep options]
# Runs in the directory the job was submitted from, with the programs of the checkout or
# installation these scripts belong to (slurm/locate.sh). Records go to
# results/<job-id>/<workload>-<mode>.jsonl there. SLURM's SIGTERM before the time limit
# reaches the sweep (exec), which stops cleanly; resubmitting with SCALELAB_RESUME_DIR set to
# the old results directory finishes the remaining runs.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mode=${1:?usage: scaling-job.sh strong|weak WORKLOAD [sweep options]}
workload=${2:?usage: scaling-job.sh strong|weak WORKLOAD [sweep options]}
shift 2
cd "${SLURM_SUBMIT_DIR:-$PWD}"
source "$here/env.sh"      # the site's modules may bring the programs: locate them after
source "$here/locate.sh"
out_dir=${SCALELAB_RESUME_DIR:-results/${SLURM_JOB_ID:-local}}
mkdir -p "$out_dir"
echo "scaling-job: $mode $workload on ${SLURM_JOB_NUM_NODES:-1} node(s) (${SLURM_JOB_NODELIST:-}), job ${SLURM_JOB_ID:-none}, site ${SCALELAB_SITE:-none}, programs in $scalelab_bin"
exec "$scalelab_bin/scalelab-sweep" "$mode" "$workload" --out "$out_dir/$workload-$mode.jsonl" "$@"
