#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The virtual cluster for real: brings up 2 namespace hosts with shaped links, runs pi and
# heat with one rank on each (mpirun through the namespace agent, TCP over the bridge) and
# checks both verified and really ran on both hosts; measures the small-message ping-pong
# across the hosts and within one host (shared memory) alternately and requires TCP to be
# clearly slower; then `down` must leave nothing behind. Cleans up on any failure. Exit 77
# where `ip netns` is not permitted.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/netns_env.sh"
skip_unless_netns_allowed

work=$(mktemp -d /tmp/scalelab-netns-test.XXXXXX)
cleanup() {
  [[ -f $SCALELAB_VC_STATE/$SCALELAB_VC_PREFIX/owned ]] && "$vc" down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

[[ -z $(our_objects) ]] || fail "objects named $SCALELAB_VC_PREFIX-* exist before the test"
# Shaped links (tc tbf, both directions of every veth): fast enough not to matter here.
"$vc" up 2 --rate 10gbit
"$vc" status
for link in "$SCALELAB_VC_PREFIX-v1" "$SCALELAB_VC_PREFIX-v2"; do
  tc qdisc show dev "$link" | grep -q "tbf .*rate 10Gbit" || fail "$link is not shaped by tbf"
  ip netns exec "$SCALELAB_VC_PREFIX-h${link##*-v}" tc qdisc show dev eth0 |
    grep -q "tbf .*rate 10Gbit" || fail "eth0 in host ${link##*-v} is not shaped by tbf"
done
mapfile -t across < <("$vc" mpirun-args)
# Shared memory at its best: ranks spin instead of yielding while they wait (the cluster's
# default yields, which keeps TCP steady on a loaded machine but costs shm ~1-4 us).
mapfile -t spinning < <(SCALELAB_VC_YIELD=0 "$vc" mpirun-args)
one_host=$(head -1 "$SCALELAB_VC_STATE/$SCALELAB_VC_PREFIX/hostfile" | cut -d' ' -f1)

# run NAME HOSTS... -- APP ARGS: one rank per listed host, record in $work/NAME.jsonl;
# with options=spinning set, without yielding.
run() {
  local name=$1 hosts=""
  local -n options=${options:-across}
  shift
  while [[ $1 != -- ]]; do hosts+=${hosts:+,}$1; shift; done
  shift
  timeout 120 mpirun "${options[@]}" --host "$hosts" -n "$(tr ',' '\n' <<<"$hosts" | wc -l)" \
    "$@" --quiet --output "$work/$name.jsonl" ||
    fail "$name: mpirun exited $? (hosts $hosts)"
}

run pi "$SCALELAB_VC_PREFIX-h1" "$SCALELAB_VC_PREFIX-h2" -- \
  "$bin/scalelab-pi" --model mpi --size 2M --reps 1 --warmup 0
run heat "$SCALELAB_VC_PREFIX-h1" "$SCALELAB_VC_PREFIX-h2" -- \
  "$bin/scalelab-heat" --model mpi --size 64x48 --steps 20 --reps 1 --warmup 0
# Ping-pong of small messages only (--size 8: 0..8 bytes; 1000 round trips each, which
# over TCP on a loaded 2-core machine takes seconds), alternately across the interconnect
# and within one host, 3 rounds: the machine is shared, so compare medians.
for round in 1 2 3; do
  run "tcp" "$SCALELAB_VC_PREFIX-h1" "$SCALELAB_VC_PREFIX-h2" -- \
    "$bin/scalelab-costs" --model mpi --probe pingpong --size 8 --reps 1 --warmup 0
  options=spinning run "shm" "$one_host" "$one_host" -- \
    "$bin/scalelab-costs" --model mpi --probe pingpong --size 8 --reps 1 --warmup 0
done

PYTHONPATH="$root/python" /usr/bin/python3 - "$work" "$SCALELAB_VC_PREFIX" <<'PY'
import os, statistics, sys
from scalelab.records import read_records
work, prefix = sys.argv[1], sys.argv[2]
def records(name):
    return read_records(os.path.join(work, name + ".jsonl"))
both = [f"{prefix}-h1", f"{prefix}-h2"]
for name in ("pi", "heat"):
    (record,) = records(name)
    assert record["verified"] and record["status"] == "ok", f"{name}: {record['status']}"
    hosts = sorted(p["host"] for p in record["provenance"]["placement"])
    assert hosts == both, f"{name}: ranks ran on {hosts}, expected {both}"
    print(f"ok: {name} verified with one rank on each of {hosts}")

def latency_us(record):
    assert record["verified"], "ping-pong not verified"
    return record["fom"]["latency_us"]
tcp, shm = records("tcp"), records("shm")
# The facts behind the probe's verdict (its latency bound can be missed on a loaded
# machine, which it then reports as "unverified"): two nodes vs one, vader allowed.
assert all(r["result"]["transport"]["kind"] == "network"
           and not r["result"]["transport"]["same_node"] for r in tcp), \
    [r["result"]["transport"] for r in tcp]
assert all(r["result"]["transport"]["same_node"]
           and r["result"]["transport"]["shared_memory_configured"] for r in shm), \
    [r["result"]["transport"] for r in shm]
tcp_us = statistics.median(latency_us(r) for r in tcp)
shm_us = statistics.median(latency_us(r) for r in shm)
print(f"8-byte half round trip: TCP across hosts {tcp_us:.2f} us, shared memory {shm_us:.2f} us")
assert tcp_us > 2 * shm_us, "TCP across namespaces is not measurably slower than shared memory"
PY

"$vc" down
left=$(our_objects)
[[ -z $left ]] || fail "down left behind: $left"
[[ ! -e $SCALELAB_VC_STATE/$SCALELAB_VC_PREFIX ]] || fail "down left its state directory"
echo "ok: down removed every namespace, link and state file"
