# SPDX-License-Identifier: MIT
# Sourced by the netns tests: a virtual cluster of their own (prefix, subnet and state dir
# distinct from the defaults, so a cluster the user brought up is never touched), the
# skip rule, and the leftover check every test ends with.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
vc=$root/slurm/virtual-cluster.sh
bin=${SCALELAB_BIN_DIR:-$root/build/bin}
export SCALELAB_VC_PREFIX=${SCALELAB_VC_TEST_PREFIX:-slt}
export SCALELAB_VC_SUBNET=${SCALELAB_VC_TEST_SUBNET:-10.213.78}
export SCALELAB_VC_STATE=${SCALELAB_VC_TEST_STATE:-/run/scalelab-vc-test}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

skip_unless_netns_allowed() {
  local probe=$SCALELAB_VC_PREFIX-skipprobe$$
  if ! ip netns add "$probe" 2>/dev/null; then
    echo "skipped: 'ip netns add' is not permitted here (needs root with CAP_SYS_ADMIN)"
    exit 77
  fi
  ip netns del "$probe"
}

# Every namespace and link whose name starts with the test prefix, one a line.
our_objects() {
  {
    ip netns list | awk '{print "netns " $1}'
    ip -o link show | awk -F': ' '{sub(/@.*/, "", $2); print "link " $2}'
  } | grep " $SCALELAB_VC_PREFIX-" || true
}

fail() {
  echo "FAIL: $*"
  exit 1
}
