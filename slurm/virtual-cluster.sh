#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A virtual multi-host cluster on this one machine: N Linux network namespaces ("hosts"),
# each with a veth into one bridge in the root namespace, so MPI ranks on different hosts
# really talk TCP through a network stack instead of shared memory.
#
#   slurm/virtual-cluster.sh up N [--rate 10gbit]  create hosts <prefix>-h1..hN, optionally
#                                                  shape every link with tc tbf
#   slurm/virtual-cluster.sh status                hosts, addresses, shaping
#   slurm/virtual-cluster.sh down                  remove exactly what `up` created
#   slurm/virtual-cluster.sh hosts                 the host names, one a line
#   slurm/virtual-cluster.sh mpirun-args           mpirun options that launch across the hosts
#
# Options (every command): --prefix P (default $SCALELAB_VC_PREFIX or "sl"), --subnet A.B.C
# (a /24 the cluster owns; default $SCALELAB_VC_SUBNET or 10.213.77). Host k is A.B.C.k, the
# bridge A.B.C.254. Two clusters with different prefixes and subnets can coexist.
#
# What `up` creates is listed in $SCALELAB_VC_STATE/<prefix>/owned (default state root
# /run/scalelab-vc); `down` removes only those objects, so a namespace or link of the same
# name made by someone else is never touched: `up` refuses to start instead.
# Bad input (no privileges, a name already taken, `down` with nothing up): one line, exit 2.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=${SCALELAB_VC_PREFIX:-sl}
subnet=${SCALELAB_VC_SUBNET:-10.213.77}
state_root=${SCALELAB_VC_STATE:-/run/scalelab-vc}
rate=""

die() { echo "virtual-cluster: error: $*" >&2; exit 2; }
# While `up` runs, any exit (an error here, a failed ip command) removes what it made so far.
undo_partial_up() { [[ -f $state/owned ]] && cmd_down >/dev/null 2>&1 || true; }
say() { echo "virtual-cluster: $*"; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

parse_options() {
  positional=()
  while (($#)); do
    case $1 in
      --prefix) prefix=${2:?}; shift 2 ;;
      --prefix=*) prefix=${1#*=}; shift ;;
      --subnet) subnet=${2:?}; shift 2 ;;
      --subnet=*) subnet=${1#*=}; shift ;;
      --rate) rate=${2:?}; shift 2 ;;
      --rate=*) rate=${1#*=}; shift ;;
      -h | --help) usage; exit 0 ;;
      -*) die "unknown option '$1' (see --help)" ;;
      *) positional+=("$1"); shift ;;
    esac
  done
  # Interface names are at most 15 characters: "<prefix>-v<k>" must fit for k up to 254.
  [[ $prefix =~ ^[a-z][a-z0-9]{0,7}$ ]] ||
    die "--prefix '$prefix': 1-8 lower-case letters or digits, starting with a letter"
  [[ $subnet =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] &&
    ((BASH_REMATCH[1] < 256 && BASH_REMATCH[2] < 256 && BASH_REMATCH[3] < 256)) ||
    die "--subnet '$subnet': give the first three octets of a /24, e.g. 10.213.77"
  state=$state_root/$prefix
  bridge=$prefix-br
}

host_name() { echo "$prefix-h$1"; }
host_link() { echo "$prefix-v$1"; } # the root-namespace end of host k's veth

# -- ownership -------------------------------------------------------------------------------
# Every object is recorded right after it is created, so a failure half-way through `up`
# still lets `down` remove exactly what exists of ours.
own() { echo "$1 $2" >>"$state/owned"; }
owned() { [[ -f $state/owned ]] && grep -qxF "$1 $2" "$state/owned"; }
netns_exists() { ip netns list | awk '{print $1}' | grep -qxF "$1"; }
link_exists() { ip link show dev "$1" >/dev/null 2>&1; }

check_privileges() {
  # Root without CAP_SYS_ADMIN (some containers) cannot make namespaces either: probe.
  local probe=$prefix-probe$$
  local error
  if ! error=$(ip netns add "$probe" 2>&1); then
    die "up needs privileges to create network namespaces (root with CAP_SYS_ADMIN and" \
      "CAP_NET_ADMIN): ip netns add said: ${error##*: }"
  fi
  ip netns del "$probe"
}

check_names_free() {
  local k name
  link_exists "$bridge" && die "link '$bridge' exists and was not created by this script;" \
    "not touching it (choose another --prefix)"
  for ((k = 1; k <= $1; k++)); do
    name=$(host_name "$k")
    netns_exists "$name" && die "network namespace '$name' exists and was not created by" \
      "this script; not touching it (choose another --prefix)"
    link_exists "$(host_link "$k")" && die "link '$(host_link "$k")' exists and was not" \
      "created by this script; not touching it (choose another --prefix)"
  done
  if ip -4 -o addr show | awk '{print $4}' | grep -q "^${subnet//./\\.}\."; then
    die "--subnet $subnet.0/24 is already in use on this machine (choose another --subnet)"
  fi
}

# -- up --------------------------------------------------------------------------------------
shape() {
  # tbf needs a burst of at least rate/HZ bytes to reach its rate; 1 ms worth (and at least
  # 64 KiB, a few TCP segments) keeps it from throttling below the asked rate.
  local netns=$1 dev=$2 bits burst
  bits=$(rate_bits "$rate")
  burst=$((bits / 8 / 1000))
  ((burst < 65536)) && burst=65536
  ${netns:+ip netns exec "$netns"} tc qdisc add dev "$dev" root tbf rate "$rate" \
    burst "$burst" latency 50ms
}

rate_bits() {
  [[ $1 =~ ^([0-9]+)(|k|m|g)bit$ ]] || die "--rate '$1': give e.g. 100mbit, 10gbit"
  local scale=1
  case ${BASH_REMATCH[2]} in k) scale=1000 ;; m) scale=1000000 ;; g) scale=1000000000 ;; esac
  echo $((BASH_REMATCH[1] * scale))
}

check_tbf() {
  # netem (delay, loss) is not available in every kernel (not in this one); tbf is the
  # shaping we rely on: try it on the first host's loopback before shaping any link (if
  # it is missing, `up` fails and removes what it made).
  ip netns exec "$(host_name 1)" tc qdisc add dev lo root tbf rate 1gbit burst 65536 \
    latency 50ms 2>/dev/null || return 1
  ip netns exec "$(host_name 1)" tc qdisc del dev lo root
}

cmd_up() {
  local n=${positional[1]:-}
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 250)) || die "up: give the number of hosts (1-250)"
  [[ -z $rate ]] || rate_bits "$rate" >/dev/null
  [[ ! -f $state/owned ]] || die "cluster '$prefix' is already up ($(wc -l <"$state/hosts")" \
    "hosts); run 'down' first"
  check_privileges
  check_names_free "$n"
  mkdir -p "$state"
  : >"$state/owned"
  : >"$state/hosts"
  echo "$subnet" >"$state/subnet"
  echo "$rate" >"$state/rate"
  trap undo_partial_up EXIT

  ip link add "$bridge" type bridge
  own link "$bridge"
  ip addr add "$subnet.254/24" dev "$bridge"
  ip link set "$bridge" up

  local k name link
  for ((k = 1; k <= n; k++)); do
    name=$(host_name "$k")
    link=$(host_link "$k")
    ip netns add "$name"
    own netns "$name"
    ip link add "$link" type veth peer name eth0 netns "$name"
    own link "$link"
    ip link set "$link" master "$bridge" up
    ip -n "$name" addr add "$subnet.$k/24" dev eth0
    ip -n "$name" link set lo up
    ip -n "$name" link set eth0 up
    if [[ -n $rate ]]; then
      ((k == 1)) && { check_tbf || die "--rate: tc tbf is not available in this kernel"; }
      shape "$name" eth0 # host -> bridge
      shape "" "$link"   # bridge -> host
    fi
    echo "$name" >>"$state/hosts"
  done
  wait_reachable "$n"
  trap - EXIT
  say "up: $n hosts $(host_name 1)..$(host_name "$n") on $subnet.0/24 (bridge $bridge," \
    "$subnet.254)${rate:+, links shaped to $rate with tc tbf}"
}

wait_reachable() {
  # A bridge port forwards only after the bridge has learned it; ping each host once.
  local k
  for ((k = 1; k <= $1; k++)); do
    for _ in $(seq 50); do
      ip netns exec "$(host_name 1)" ping -c1 -W1 "$subnet.$k" >/dev/null 2>&1 && break
      sleep 0.1
    done
    ip netns exec "$(host_name 1)" ping -c1 -W1 "$subnet.$k" >/dev/null 2>&1 ||
      die "host $(host_name "$k") ($subnet.$k) is not reachable from $(host_name 1)"
  done
}

# -- down ------------------------------------------------------------------------------------
cmd_down() {
  [[ -f $state/owned ]] || die "nothing is up for prefix '$prefix' (no $state/owned)"
  local kind name pid
  # Processes left in our namespaces (an interrupted mpirun's orted) would keep them alive.
  while read -r kind name; do
    [[ $kind == netns ]] && netns_exists "$name" || continue
    for pid in $(ip netns pids "$name"); do kill "$pid" 2>/dev/null || true; done
  done <"$state/owned"
  # Links before namespaces: deleting a veth end removes its peer inside the namespace.
  tac "$state/owned" | while read -r kind name; do
    case $kind in
      link) ! link_exists "$name" || ip link del "$name" ;;
    esac
  done
  tac "$state/owned" | while read -r kind name; do
    case $kind in
      netns) ! netns_exists "$name" || ip netns del "$name" ;;
    esac
  done
  rm -rf "$state"
  rmdir "$state_root" 2>/dev/null || true
  say "down: removed cluster '$prefix'"
}

# -- queries ---------------------------------------------------------------------------------
require_up() { [[ -f $state/hosts ]] || die "cluster '$prefix' is not up (run 'up N' first)"; }

cmd_status() {
  require_up
  local name k=0 shaping
  shaping=$(cat "$state/rate")
  say "cluster '$prefix': $(wc -l <"$state/hosts") hosts on $(cat "$state/subnet").0/24," \
    "links ${shaping:-unshaped}"
  while read -r name; do
    k=$((k + 1))
    printf '  %-12s %-16s %s\n' "$name" "$(cat "$state/subnet").$k" \
      "$(ip -n "$name" -br link show dev eth0 | awk '{print $2}')"
  done <"$state/hosts"
}

cmd_mpirun_args() {
  # One rank slot per core on every host: each namespace sees all of the machine's cores,
  # so ranks are not bound (binding per host would stack every host's ranks on CPU 0).
  # The hosts share those cores with each other and with everything else running, so a rank
  # waiting for a message yields its core (mpi_yield_when_idle): on a loaded 2-core machine
  # TCP half round trips then stay near 12 us instead of ranging from 30 us to 6 ms (a
  # spinning waiter holds the core its peer needs). It costs shared memory ~1-2 us.
  # SCALELAB_VC_YIELD=0 turns it off.
  require_up
  local net slots
  net=$(cat "$state/subnet").0/24
  slots=$(nproc)
  sed "s/\$/ slots=$slots/" "$state/hosts" >"$state/hostfile"
  printf '%s\n' --hostfile "$state/hostfile" \
    --mca plm_rsh_agent "$here/netns-agent.sh $state" \
    --mca routed direct \
    --mca pml ob1 --mca btl self,vader,tcp \
    --mca btl_tcp_if_include "$net" --mca oob_tcp_if_include "$net" \
    --mca mpi_yield_when_idle "${SCALELAB_VC_YIELD:-1}" \
    --bind-to none
}

main() {
  parse_options "$@"
  case ${positional[0]:-} in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    hosts) require_up && cat "$state/hosts" ;;
    mpirun-args) cmd_mpirun_args ;;
    "") die "give a command: up N | down | status | hosts | mpirun-args (see --help)" ;;
    *) die "unknown command '${positional[0]}' (up N | down | status | hosts | mpirun-args)" ;;
  esac
}

main "$@"
