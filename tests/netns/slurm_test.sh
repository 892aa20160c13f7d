#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SLURM across the virtual cluster: brings up 2 namespace hosts, starts the local SLURM
# cluster with each slurmd inside one of them (local-cluster.sh --virtual-cluster), and
# checks the refusals (no virtual cluster, too few hosts, a wrong option, a plain start of
# the running cluster), then with real
# jobs that (1) job steps on node k run in host k (its host name and its
# address on the bridge), (2) slurm/strong.sbatch's pi study runs verified with one rank on
# each node, (3) a 2-node ping-pong job's messages really cross the hosts' links: the bytes
# through host 2's veth grow by at least one round trip of its largest message. Stops SLURM
# and takes the hosts down (also on failure); nothing may be left. Exit 77 where `ip netns`
# is not permitted.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/netns_env.sh"
skip_unless_netns_allowed

work=$(mktemp -d /tmp/scalelab-netns-slurm-test.XXXXXX)
# Its own SLURM state and ports: a cluster the user started is not touched.
export SCALELAB_SLURM_DIR=$work/slurm SCALELAB_SLURM_PORT=${SCALELAB_SLURM_NETNS_TEST_PORT:-17917}
export SLURM_CONF=$SCALELAB_SLURM_DIR/slurm.conf
# The one-box cluster's settings (run as root, transport, binding) come from its site file.
export SCALELAB_SITE=$root/slurm/sites/local.sh
# Jobs inherit this environment: ctest's one-node transport (btl self,vader) would leave the
# ranks of two nodes no way to talk; slurm/env.sh picks the default (self,vader,tcp).
unset OMPI_MCA_btl
cleanup() {
  "$root/slurm/local-cluster.sh" stop >/dev/null 2>&1 || true
  [[ -f $SCALELAB_VC_STATE/$SCALELAB_VC_PREFIX/owned ]] && "$vc" down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# refused TEXT ARGS...: local-cluster.sh ARGS exits 2 with one line containing TEXT, and
# starts nothing.
refused() {
  local text=$1 code=0 err
  shift
  err=$("$root/slurm/local-cluster.sh" "$@" 2>&1 >/dev/null) || code=$?
  [[ $code -eq 2 && $(wc -l <<<"$err") -eq 1 && $err == *"$text"* ]] ||
    fail "local-cluster.sh $*: exit $code, said: $err (expected exit 2 and '$text')"
  [[ ! -e $SCALELAB_SLURM_DIR/slurmctld.pid ]] || fail "local-cluster.sh $* started slurmctld"
}

[[ -z $(our_objects) ]] || fail "objects named $SCALELAB_VC_PREFIX-* exist before the test"
refused "virtual cluster '$SCALELAB_VC_PREFIX' is not up" start 2 --virtual-cluster
"$vc" up 2
refused "has 2 hosts, 3 nodes need as many" start 3 --virtual-cluster
refused "unknown option '--virtual'" start 2 --virtual
"$root/slurm/local-cluster.sh" start 2 --virtual-cluster
# Running in the namespaces, a plain start must not pass for a loopback cluster.
err=$("$root/slurm/local-cluster.sh" start 2 2>&1 >/dev/null) && fail "a plain start passed"
[[ $err == *"already running with slurmd in the virtual cluster's hosts; 'stop' first" ]] ||
  fail "a plain start on the running virtual cluster said: $err"
"$root/slurm/local-cluster.sh" start 2 --virtual-cluster | grep -q "already running" ||
  fail "starting the same cluster again is not a no-op"
cd "$root"

# submit NAME SBATCH-ARGS...: a job on both nodes, one task each (run_job), output in
# $work/NAME.out.
source "$root/tests/slurm/run_job.sh"
submit() {
  local name=$1
  shift
  run_job "$work/$name.out" -N 2 --ntasks-per-node=1 "$@"
}

# (1) Where the steps run.
subnet=$(cat "$SCALELAB_VC_STATE/$SCALELAB_VC_PREFIX/subnet")
cat >"$work/where.sh" <<'SH'
#!/bin/sh
echo "$SLURMD_NODENAME $(hostname) $(ip -4 -o addr show dev eth0 | awk '{print $4}')"
SH
chmod +x "$work/where.sh"
submit where --wrap "srun $work/where.sh | sort"
h1=$SCALELAB_VC_PREFIX-h1 h2=$SCALELAB_VC_PREFIX-h2 # the nodes are named after their hosts
expected="$h1 $h1 $subnet.1/24
$h2 $h2 $subnet.2/24"
[[ $(cat "$work/where.out") == "$expected" ]] ||
  fail "job steps did not run in the hosts' namespaces; expected:"$'\n'"$expected"

# (2) The project's sbatch script, ranks spanning the nodes.
export SCALELAB_RESUME_DIR=$work/results
submit pi slurm/strong.sbatch pi --models mpi --cores 1,2 --size 2M --reps 1
# (3) Ping-pong of up to 256 KiB between the two nodes, counting host 2's link.
link_bytes() {
  local link=$SCALELAB_VC_PREFIX-v2
  echo $(($(cat "/sys/class/net/$link/statistics/rx_bytes") +
    $(cat "/sys/class/net/$link/statistics/tx_bytes")))
}
before=$(link_bytes)
submit pingpong slurm/strong.sbatch costs --models mpi --cores 2 --size 256Ki \
  --app-args "--probe pingpong" --reps 1 --warmup 0
crossed=$(($(link_bytes) - before))

PYTHONPATH="$root/python" /usr/bin/python3 - "$work/results" "$crossed" "$h1" "$h2" <<'PY'
import sys
from scalelab.records import read_records
results, crossed, h1, h2 = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
pi = read_records(f"{results}/pi-strong.jsonl")
assert sorted(r["ranks"] for r in pi) == [1, 2], [r["ranks"] for r in pi]
assert all(r["verified"] and r["status"] == "ok" for r in pi), "unverified pi records"
wide = [r for r in pi if r["ranks"] == 2][0]
hosts = sorted(p["host"] for p in wide["provenance"]["placement"])
assert hosts == [h1, h2], f"the 2 ranks ran on {hosts}, expected one on each of {h1}, {h2}"
[pp] = read_records(f"{results}/costs-strong.jsonl")
assert pp["verified"], "ping-pong not verified"
transport = pp["result"]["transport"]
assert transport["same_node"] is False and transport["kind"] == "network", transport
# one round trip of the largest message alone moves 2 x 256 KiB through host 2's link
assert crossed >= 2 * 256 * 2**10, f"only {crossed} bytes crossed host 2's link"
print(f"ok: steps in their hosts, pi verified across {hosts}, ping-pong over the network "
      f"({crossed / 2**20:.1f} MiB through {hosts[1]}'s link)")
PY

"$root/slurm/local-cluster.sh" stop
"$vc" down
[[ -z $(our_objects) ]] || fail "left behind: $(our_objects | tr '\n' ' ')"
echo "ok: nothing left behind"
