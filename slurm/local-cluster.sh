#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A real SLURM cluster on this one machine: munged, slurmctld and N slurmd daemons, each
# slurmd a fake node (slurmd -N nodeK) on its own port. For testing the SLURM scripts, and
# for learning SLURM without a cluster.
#
#   slurm/local-cluster.sh start [N] [--virtual-cluster]
#                                      install if needed, configure, start, wait for idle nodes
#   slurm/local-cluster.sh status      sinfo of the local cluster
#   slurm/local-cluster.sh stop        stop only the daemons this script started
#   slurm/local-cluster.sh env         print the export line clients need (SLURM_CONF, and
#                                      SCALELAB_SITE: the site file of one-box clusters)
#
# --virtual-cluster: node k's slurmd runs inside host k of the virtual cluster that
# slurm/virtual-cluster.sh brought up (prefix $SCALELAB_VC_PREFIX, default sl; it needs at
# least N hosts), so a job's steps on different nodes talk TCP through the bridge, as on a
# real cluster. Without it every slurmd listens on loopback.
#
# Everything lives in $SCALELAB_SLURM_DIR (default /tmp/scalelab-slurm): slurm.conf, state,
# spool, logs and the pid files `stop` uses. Clients find the cluster through SLURM_CONF.
set -euo pipefail

dir=${SCALELAB_SLURM_DIR:-/tmp/scalelab-slurm}
conf=$dir/slurm.conf
ctld_port=${SCALELAB_SLURM_PORT:-16817}
first_node_port=$((ctld_port + 100))
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vc_state=${SCALELAB_VC_STATE:-/run/scalelab-vc}/${SCALELAB_VC_PREFIX:-sl}

die() { echo "local-cluster: error: $*" >&2; exit 2; }
say() { echo "local-cluster: $*"; }

install_packages() {
  local missing=()
  for pkg in slurm-wlm slurm-client munge; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return
  [[ $(id -u) -eq 0 ]] || die "installing ${missing[*]} needs root"
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
}

munge_pidfile=/run/munge/scalelab-munged.pid
munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  if munge_works; then
    say "munged already running (not ours; left alone)"
    return
  fi
  [[ -s /etc/munge/munge.key ]] || die "/etc/munge/munge.key is missing (reinstall munge)"
  mkdir -p /run/munge
  chown munge:munge /run/munge
  chmod 0755 /run/munge
  # munged runs as user munge, which cannot enter a root-only state dir (mktemp -d is
  # 0700): its pid file lives in its own /run/munge.
  runuser -u munge -- /usr/sbin/munged --pid-file="$munge_pidfile"
  for _ in $(seq 50); do munge_works && break; sleep 0.1; done
  munge_works || die "munged did not start (see /var/log/munge/munged.log)"
  touch "$dir/munged.ours"
}

# --virtual-cluster: the hosts of the cluster that is up, and its /24 (host k is .k, the
# bridge in this namespace, where slurmctld listens, .254).
check_virtual_cluster() {
  local nodes=$1 have
  [[ -f $vc_state/hosts ]] || die "start --virtual-cluster: virtual cluster" \
    "'${SCALELAB_VC_PREFIX:-sl}' is not up (run: slurm/virtual-cluster.sh up $nodes)"
  have=$(wc -l <"$vc_state/hosts")
  ((have >= nodes)) || die "start --virtual-cluster: virtual cluster" \
    "'${SCALELAB_VC_PREFIX:-sl}' has $have hosts, $nodes nodes need as many"
}

vc_host() { sed -n "${1}p" "$vc_state/hosts"; }
# Node k: nodeK, or in the virtual cluster ($dir/netns names it) its host's name (<prefix>-hK).
node_name() { [[ -s $dir/netns ]] && vc_host "$1" || echo "node$1"; }

write_conf() {
  local nodes=$1 netns=$2 cpus memory_mb host ctld_addr node_host node_addr subnet k
  cpus=$(nproc)
  memory_mb=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / nodes))
  host=$(hostname)
  ctld_addr=127.0.0.1
  if [[ -n $netns ]]; then
    subnet=$(cat "$vc_state/subnet")
    ctld_addr=$subnet.254
  fi
  mkdir -p "$dir/state" "$dir/log"
  if [[ -n $netns ]]; then echo "$vc_state" >"$dir/netns"; else rm -f "$dir/netns"; fi
  {
    echo "# Written by slurm/local-cluster.sh: $nodes fake nodes on $host${netns:+, in the" \
      "hosts of virtual cluster $vc_state}."
    echo "ClusterName=scalelab"
    echo "SlurmctldHost=$host($ctld_addr)"
    echo "SlurmctldPort=$ctld_port"
    echo "SlurmUser=root"
    echo "SlurmdUser=root"
    echo "AuthType=auth/munge"
    echo "StateSaveLocation=$dir/state"
    echo "SlurmdSpoolDir=$dir/spool/%n"
    echo "SlurmctldPidFile=$dir/slurmctld.pid"
    echo "SlurmdPidFile=$dir/slurmd-%n.pid"
    echo "SlurmctldLogFile=$dir/log/slurmctld.log"
    echo "SlurmdLogFile=$dir/log/slurmd-%n.log"
    echo "ProctrackType=proctrack/linuxproc"
    echo "TaskPlugin=task/affinity"
    echo "MpiDefault=none"
    echo "ReturnToService=2"
    echo "SchedulerType=sched/backfill"
    echo "SelectType=select/cons_tres"
    echo "SelectTypeParameters=CR_Core"
    echo "AccountingStorageType=accounting_storage/none"
    echo "JobCompType=jobcomp/none"
    echo "JobAcctGatherType=jobacct_gather/none"
    echo "SlurmdTimeout=60"
    echo "InactiveLimit=0"
    echo "KillWait=10"
    echo "MinJobAge=300"
    # Every fake node is this machine: same cores, a share of the memory. Feature "onebox"
    # tells slurm/sites/local.sh so (binding each node's ranks to its first cores would stack them).
    # In the virtual cluster, node k is named after its host (OpenMPI takes the host name
    # mpirun runs on for a node name: with another name it would count one node twice).
    local names=()
    for ((k = 1; k <= nodes; k++)); do
      node_host=$host node_addr=127.0.0.1
      [[ -z $netns ]] || { node_host=$(vc_host "$k") node_addr=$subnet.$k; }
      names+=("$(node_name "$k")")
      echo "NodeName=${names[-1]} NodeHostname=$node_host NodeAddr=$node_addr" \
        "Port=$((first_node_port + k)) CPUs=$cpus RealMemory=$memory_mb Features=onebox" \
        "State=UNKNOWN"
    done
    echo "PartitionName=local Nodes=$(IFS=,; echo "${names[*]}") Default=YES MaxTime=INFINITE" \
      "State=UP"
  } >"$conf"
  echo "$nodes" >"$dir/nodes"
}

client_env() { echo "export SLURM_CONF=$conf SCALELAB_SITE=$here/sites/local.sh"; }

pid_alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  local nodes=2 netns=""
  while (($#)); do
    case $1 in
      --virtual-cluster) netns=yes ;;
      -*) die "start: unknown option '$1' (start [N] [--virtual-cluster])" ;;
      *) nodes=$1 ;;
    esac
    shift
  done
  [[ $nodes =~ ^[1-9][0-9]*$ ]] || die "start: node count '$nodes' is not a positive integer"
  [[ $(id -u) -eq 0 ]] || die "start needs root (slurmd runs jobs as any user)"
  if pid_alive "$dir/slurmctld.pid"; then
    # Running as asked: nothing to do. Running the other way: refuse, rather than return as
    # if the cluster asked for were there.
    if [[ -s $dir/netns && -z $netns ]]; then
      die "start: already running with slurmd in the virtual cluster's hosts; 'stop' first"
    elif [[ ! -s $dir/netns && -n $netns ]]; then
      die "start --virtual-cluster: already running with slurmd on loopback; 'stop' first"
    fi
    say "already running ($(cat "$dir/nodes") nodes); 'stop' first to change it"
    return
  fi
  [[ -z $netns ]] || check_virtual_cluster "$nodes"
  install_packages
  mkdir -p "$dir"
  start_munge
  write_conf "$nodes" "$netns"
  export SLURM_CONF=$conf
  slurmctld -f "$conf"
  local name
  for ((k = 1; k <= nodes; k++)); do
    name=$(node_name "$k")
    mkdir -p "$dir/spool/$name"
    if [[ -n $netns ]]; then
      # In host k's network and UTS namespaces (the agent mpirun uses on the virtual
      # cluster): the job steps slurmd forks run there too. munged's socket is a file, the
      # same in every network namespace.
      "$here/netns-agent.sh" "$vc_state" "$name" slurmd -f "$conf" -N "$name"
    else
      slurmd -f "$conf" -N "$name"
    fi
  done
  # Nodes register asynchronously; wait until every one is idle.
  for _ in $(seq 120); do
    idle=$(sinfo -h -N -o "%N %T" 2>/dev/null | grep -c " idle$" || true)
    ((idle == nodes)) && break
    sleep 0.5
  done
  if ((idle != nodes)); then
    sinfo -N >&2 || true
    die "only $idle of $nodes nodes became idle (logs in $dir/log)"
  fi
  local where="$(node_name 1)..$(node_name "$nodes")"
  [[ -z $netns ]] || where+=", each slurmd in the namespaces of its host"
  say "$nodes nodes idle ($where); clients need: $(client_env)"
}

stop() {
  local stopped=0 pidfile
  # Jobs first: their steps (slurmstepd, the ranks) would outlive the daemons.
  if pid_alive "$dir/slurmctld.pid" && [[ -n $(SLURM_CONF=$conf squeue -h -o %i) ]]; then
    SLURM_CONF=$conf scancel --full $(SLURM_CONF=$conf squeue -h -o %i) || true
    for _ in $(seq 50); do
      [[ -z $(SLURM_CONF=$conf squeue -h -o %i) ]] && break
      sleep 0.2
    done
  fi
  for pidfile in "$dir"/slurmd-*.pid "$dir/slurmctld.pid"; do
    [[ -e $pidfile ]] || continue
    if pid_alive "$pidfile"; then
      kill "$(cat "$pidfile")"
      stopped=$((stopped + 1))
    fi
    rm -f "$pidfile"
  done
  if [[ -e $dir/munged.ours ]]; then
    pid_alive "$munge_pidfile" && kill "$(cat "$munge_pidfile")" && stopped=$((stopped + 1))
    rm -f "$dir/munged.ours" "$munge_pidfile"
  fi
  # Daemons exit asynchronously; a restart right after must not find them bound to ports.
  for _ in $(seq 50); do
    pgrep -f "slurm(ctld|d) -f $conf" >/dev/null || break
    sleep 0.2
  done
  say "stopped $stopped daemon(s)"
}

case ${1:-} in
  start) shift && start "$@" ;;
  stop) stop ;;
  status)
    pid_alive "$dir/slurmctld.pid" || die "not running (start it with: $0 start)"
    SLURM_CONF=$conf sinfo -N
    ;;
  env) client_env ;;
  *) echo "usage: $0 start [NODES] [--virtual-cluster] | stop | status | env" >&2; exit 2 ;;
esac
