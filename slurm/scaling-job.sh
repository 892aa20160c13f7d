#!/usr/bin/env bash
# The body of strong.sbatch and weak.sbatch: run a sweep inside the allocation.
#   scaling-job.sh strong|weak WORKLOAD [sweep options]
# Records go to results/<job-id>/<workload>-<mode>.jsonl. SLURM's SIGTERM before the time
# limit reaches the sweep (exec), which stops cleanly; resubmitting with SCALELAB_RESUME_DIR
# set to the old results directory finishes the remaining runs.
set -euo pipefail
root=${SCALELAB_ROOT:-${SLURM_SUBMIT_DIR:-$(pwd)}}
cd "$root"
[[ -x scripts/sweep ]] || { echo "scaling-job: $root is not a ScaleLab checkout (set SCALELAB_ROOT)" >&2; exit 2; }
mode=${1:?usage: scaling-job.sh strong|weak WORKLOAD [sweep options]}
workload=${2:?usage: scaling-job.sh strong|weak WORKLOAD [sweep options]}
shift 2
source slurm/env.sh
out_dir=${SCALELAB_RESUME_DIR:-results/${SLURM_JOB_ID:-local}}
mkdir -p "$out_dir"
echo "scaling-job: $mode $workload on ${SLURM_JOB_NUM_NODES:-1} node(s) (${SLURM_JOB_NODELIST:-}), job ${SLURM_JOB_ID:-none}"
exec /usr/bin/python3 scripts/sweep "$mode" "$workload" --out "$out_dir/$workload-$mode.jsonl" "$@"
