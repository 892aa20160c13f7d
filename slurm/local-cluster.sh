#!/usr/bin/env bash
# A real SLURM cluster on this one machine: munged, slurmctld and N slurmd daemons, each
# slurmd a fake node (slurmd -N nodeK) on its own port. For testing the SLURM scripts, and
# for learning SLURM without a cluster.
#
#   slurm/local-cluster.sh start [N]   install if needed, configure, start, wait for idle nodes
#   slurm/local-cluster.sh status      sinfo of the local cluster
#   slurm/local-cluster.sh stop        stop only the daemons this script started
#   slurm/local-cluster.sh env         print the export line clients need (SLURM_CONF)
#
# Everything lives in $SCALELAB_SLURM_DIR (default /tmp/scalelab-slurm): slurm.conf, state,
# spool, logs and the pid files `stop` uses. Clients find the cluster through SLURM_CONF.
set -euo pipefail

dir=${SCALELAB_SLURM_DIR:-/tmp/scalelab-slurm}
conf=$dir/slurm.conf
ctld_port=${SCALELAB_SLURM_PORT:-16817}
first_node_port=$((ctld_port + 100))

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

write_conf() {
  local nodes=$1 cpus memory_mb host
  cpus=$(nproc)
  memory_mb=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / nodes))
  host=$(hostname)
  mkdir -p "$dir/state" "$dir/log"
  {
    echo "# Written by slurm/local-cluster.sh: $nodes fake nodes on $host."
    echo "ClusterName=scalelab"
    echo "SlurmctldHost=$host(127.0.0.1)"
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
    # Every fake node is this machine: same cores, a share of the memory.
    for ((k = 1; k <= nodes; k++)); do
      echo "NodeName=node$k NodeHostname=$host NodeAddr=127.0.0.1 Port=$((first_node_port + k))" \
        "CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN"
    done
    echo "PartitionName=local Nodes=node[1-$nodes] Default=YES MaxTime=INFINITE State=UP"
  } >"$conf"
  echo "$nodes" >"$dir/nodes"
}

pid_alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  local nodes=${1:-2}
  [[ $nodes =~ ^[1-9][0-9]*$ ]] || die "start: node count '$nodes' is not a positive integer"
  [[ $(id -u) -eq 0 ]] || die "start needs root (slurmd runs jobs as any user)"
  if pid_alive "$dir/slurmctld.pid"; then
    say "already running ($(cat "$dir/nodes") nodes); 'stop' first to change it"
    return
  fi
  install_packages
  mkdir -p "$dir"
  start_munge
  write_conf "$nodes"
  export SLURM_CONF=$conf
  slurmctld -f "$conf"
  for ((k = 1; k <= nodes; k++)); do
    mkdir -p "$dir/spool/node$k"
    slurmd -f "$conf" -N "node$k"
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
  say "$nodes nodes idle; clients need: export SLURM_CONF=$conf"
}

stop() {
  local stopped=0 pidfile
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
  start) start "${2:-2}" ;;
  stop) stop ;;
  status)
    pid_alive "$dir/slurmctld.pid" || die "not running (start it with: $0 start)"
    SLURM_CONF=$conf sinfo -N
    ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *) echo "usage: $0 start [NODES] | stop | status | env" >&2; exit 2 ;;
esac
