#!/usr/bin/env bash
# Submits a whole scaling study of one workload as SLURM jobs:
#   - one job per node count (ranks span the nodes: horizontal scaling, models mpi,hybrid),
#   - one single-node job sweeping threads (vertical scaling: serial, eigen, openmp, hybrid),
#   - a final job, run only if all of them succeed (afterok), that merges their records into
#     results/<workload>-<mode>-<first job id>.jsonl and draws the plots.
#
#   slurm/submit-scaling.sh WORKLOAD --nodes 1,2,4,8 [--mode strong|weak]
#       [--tasks-per-node T] [--time HH:MM:SS] [--partition P] [-- sweep options...]
#
# T defaults to the cores of a node as SLURM reports them. Run from the ScaleLab checkout.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
die() { echo "submit-scaling: error: $*" >&2; exit 2; }

workload=${1:-}
[[ -n $workload && $workload != -* ]] || die "usage: $0 WORKLOAD --nodes 1,2,4 [--mode strong|weak] [-- sweep options]"
shift
nodes="" mode=strong tasks_per_node="" time_limit=01:00:00 partition=()
while (($#)); do
  case $1 in
    --nodes) nodes=${2:?}; shift 2 ;;
    --mode) mode=${2:?}; shift 2 ;;
    --tasks-per-node) tasks_per_node=${2:?}; shift 2 ;;
    --time) time_limit=${2:?}; shift 2 ;;
    --partition) partition=(--partition "${2:?}"); shift 2 ;;
    --) shift; break ;;
    *) die "unknown option '$1'" ;;
  esac
done
[[ $nodes =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--nodes: '$nodes' is not a list like 1,2,4"
[[ $mode == strong || $mode == weak ]] || die "--mode: '$mode' is not strong or weak"
[[ -x build/bin/scalelab-$workload ]] || die "unknown workload '$workload': no build/bin/scalelab-$workload"
command -v sbatch >/dev/null || die "sbatch not found (no SLURM here? try slurm/local-cluster.sh start)"
if [[ -z $tasks_per_node ]]; then
  tasks_per_node=$(sinfo -h "${partition[@]}" -o %c | sort -n | head -1)
fi
[[ $tasks_per_node =~ ^[1-9][0-9]*$ ]] || die "--tasks-per-node: '$tasks_per_node' is not a positive integer"
mkdir -p results

common=(--parsable --time "$time_limit" "${partition[@]}")
jobs=()
# Vertical: one node, one task with all its cores; threads 1..T.
jobs+=("$(sbatch "${common[@]}" -N 1 -n 1 -c "$tasks_per_node" --job-name "scalelab-$workload-threads" \
  "slurm/$mode.sbatch" "$workload" --models serial,eigen,openmp,hybrid "$@")")
# Horizontal: N nodes x T ranks; the sweep runs the full allocation (and the hybrid layouts).
IFS=, read -ra node_counts <<<"$nodes"
for n in "${node_counts[@]}"; do
  cores=$((n * tasks_per_node))
  jobs+=("$(sbatch "${common[@]}" -N "$n" --ntasks-per-node "$tasks_per_node" -c 1 \
    --job-name "scalelab-$workload-${n}n" "slurm/$mode.sbatch" "$workload" \
    --models mpi,hybrid --cores "$cores" "$@")")
done
ids=$(IFS=:; echo "${jobs[*]}")
merged="results/$workload-$mode-${jobs[0]}.jsonl"
final=$(sbatch --parsable "${partition[@]}" -N 1 -n 1 --dependency "afterok:$ids" \
  --job-name "scalelab-$workload-merge" --output "results/slurm-%j.out" \
  --wrap "cd '$root' && slurm/merge-results.sh '$merged' ${jobs[*]}")
echo "submit-scaling: jobs ${jobs[*]} (study), $final (merge, after all succeed)"
echo "submit-scaling: records will be merged into $merged"
echo "$final"
