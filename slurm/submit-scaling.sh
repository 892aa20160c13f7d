#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Submits a whole scaling study of one workload as SLURM jobs:
#   - one job per node count (ranks span the nodes: horizontal scaling, models mpi,hybrid),
#   - one single-node job sweeping threads (vertical scaling: serial, eigen, openmp, hybrid),
#   - a final job, run only if all of them succeed (afterok), that merges their records into
#     results/<workload>-<mode>-<first job id>.jsonl and draws the plots.
# With --mode both, the weak study's jobs start once the strong study's have ended
# (afterany): the two never share nodes, so neither disturbs the other's timings.
#
#   slurm/submit-scaling.sh WORKLOAD --nodes 1,2,4,8 [--mode strong|weak|both]
#       [--site FILE] [--partition P] [--account A] [--qos Q] [--exclusive]
#       [--tasks-per-node T] [--time HH:MM:SS] [-- sweep options...]
#
# --site names a site file (slurm/sites/example.sh): its partition, account, QoS, exclusive
# nodes and cores per node are the defaults of the options above, and every job loads its
# modules and environment. T defaults to the site's cores per node, else to the cores of a
# node as sinfo reports them. Run from the directory that gets the results (results/ there):
# a ScaleLab checkout, or anywhere with ScaleLab's module loaded.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "submit-scaling: error: $*" >&2; exit 2; }

workload=${1:-}
[[ -n $workload && $workload != -* ]] ||
  die "usage: $0 WORKLOAD --nodes 1,2,4 [--mode strong|weak|both] [--site FILE] [-- sweep options]"
shift
nodes="" mode=strong tasks_per_node="" time_limit=01:00:00 site=""
partition="" account="" qos="" exclusive=""
while (($#)); do
  case $1 in
    --nodes | --mode | --site | --partition | --account | --qos | --tasks-per-node | --time)
      [[ $# -ge 2 ]] || die "$1 needs a value" ;;&
    --nodes) nodes=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --site) site=$2; shift 2 ;;
    --partition) partition=$2; shift 2 ;;
    --account) account=$2; shift 2 ;;
    --qos) qos=$2; shift 2 ;;
    --exclusive) exclusive=yes; shift ;;
    --tasks-per-node) tasks_per_node=$2; shift 2 ;;
    --time) time_limit=$2; shift 2 ;;
    --) shift; break ;;
    *) die "unknown option '$1'" ;;
  esac
done
if [[ -n $site ]]; then
  [[ -f $site && -r $site ]] || die "--site: '$site' is not a readable site file"
  site=$(cd "$(dirname "$site")" && pwd)/$(basename "$site")
  # shellcheck source=sites/example.sh
  source "$site" || die "--site: '$site' failed to load"
  export SCALELAB_SITE=$site   # every job reads it again (slurm/env.sh)
fi
partition=${partition:-${SITE_PARTITION:-}}
account=${account:-${SITE_ACCOUNT:-}}
qos=${qos:-${SITE_QOS:-}}
exclusive=${exclusive:-${SITE_EXCLUSIVE:-no}}
tasks_per_node=${tasks_per_node:-${SITE_CORES_PER_NODE:-}}

[[ $nodes =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--nodes: '$nodes' is not a list like 1,2,4"
case $mode in
  strong | weak) modes=("$mode") ;;
  both) modes=(strong weak) ;;
  *) die "--mode: '$mode' is not strong, weak or both" ;;
esac
[[ $exclusive == yes || $exclusive == no ]] || die "SITE_EXCLUSIVE: '$exclusive' is not yes or no"
source "$here/locate.sh"
[[ -x $scalelab_bin/scalelab-$workload ]] || die "unknown workload '$workload': no $scalelab_bin/scalelab-$workload"
command -v sbatch >/dev/null || die "sbatch not found (no SLURM here? try slurm/local-cluster.sh start)"
# The jobs run the scripts beside this one, whatever the directory they are submitted from.
export SCALELAB_ROOT=${here%/slurm}

options=()
[[ -z $partition ]] || options+=(--partition "$partition")
[[ -z $account ]] || options+=(--account "$account")
[[ -z $qos ]] || options+=(--qos "$qos")
if [[ -z $tasks_per_node ]]; then
  tasks_per_node=$(sinfo -h ${partition:+--partition "$partition"} -o %c | sort -n | head -1)
fi
[[ $tasks_per_node =~ ^[1-9][0-9]*$ ]] || die "--tasks-per-node: '$tasks_per_node' is not a positive integer"
study=(--parsable --time "$time_limit" "${options[@]}")
[[ $exclusive == no ]] || study+=(--exclusive)
mkdir -p results

merges=() previous=()
for mode in "${modes[@]}"; do
  after=()
  ((${#previous[@]} == 0)) || after=(--dependency "afterany:$(IFS=:; echo "${previous[*]}")")
  jobs=()
  # Vertical: one node, one task with all its cores; threads 1..T.
  jobs+=("$(sbatch "${study[@]}" "${after[@]}" -N 1 -n 1 -c "$tasks_per_node" \
    --job-name "scalelab-$workload-$mode-threads" \
    "$SCALELAB_ROOT/slurm/$mode.sbatch" "$workload" --models serial,eigen,openmp,hybrid "$@")")
  # Horizontal: N nodes x T ranks; the sweep runs the full allocation (and the hybrid layouts).
  IFS=, read -ra node_counts <<<"$nodes"
  for n in "${node_counts[@]}"; do
    jobs+=("$(sbatch "${study[@]}" "${after[@]}" -N "$n" --ntasks-per-node "$tasks_per_node" \
      -c 1 --job-name "scalelab-$workload-$mode-${n}n" "$SCALELAB_ROOT/slurm/$mode.sbatch" \
      "$workload" --models mpi,hybrid --cores "$((n * tasks_per_node))" "$@")")
  done
  merged="results/$workload-$mode-${jobs[0]}.jsonl"
  merges+=("$(sbatch --parsable "${options[@]}" -N 1 -n 1 \
    --dependency "afterok:$(IFS=:; echo "${jobs[*]}")" \
    --job-name "scalelab-$workload-$mode-merge" --output "results/slurm-%j.out" \
    --wrap "cd '$PWD' && '$SCALELAB_ROOT/slurm/merge-results.sh' '$merged' ${jobs[*]}")")
  echo "submit-scaling: $mode: jobs ${jobs[*]} (study), ${merges[-1]} (merge, after all succeed)"
  echo "submit-scaling: $mode: records will be merged into $merged"
  previous=("${jobs[@]}")
done
echo "${merges[*]}"
