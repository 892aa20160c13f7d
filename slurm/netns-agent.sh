#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mpirun's remote-shell agent for the virtual cluster (slurm/virtual-cluster.sh): where ssh
# would log into HOST, this enters HOST's network namespace. Like ssh, it joins the command
# words and hands them to a shell, because mpirun quotes the orted command for one.
#
#   netns-agent.sh STATE_DIR HOST COMMAND...     (mpirun --mca plm_rsh_agent "netns-agent.sh DIR")
#
# It enters with nsenter, not `ip netns exec`, which also remounts /sys for the namespace and
# so hides the cgroup filesystem (slurmd, started through here by local-cluster.sh
# --virtual-cluster, refuses to start without it).
# The command also gets its own UTS namespace named HOST: every namespace shares the real
# host name otherwise, and OpenMPI would take all hosts for one (its shared-memory segments
# are named by host name, and the records would not say which host a rank ran on).
set -euo pipefail
state=${1:?usage: netns-agent.sh STATE_DIR HOST COMMAND...}
host=${2:?usage: netns-agent.sh STATE_DIR HOST COMMAND...}
shift 2
if ! grep -qxF "$host" "$state/hosts" 2>/dev/null; then
  echo "netns-agent: error: '$host' is not a host of the virtual cluster in $state" >&2
  exit 2
fi
exec nsenter --net="/run/netns/$host" unshare --uts /bin/sh -c 'hostname "$0" && exec /bin/sh -c "$1"' \
  "$host" "$*"
