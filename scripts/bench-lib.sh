# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Shell helpers the bench-*.sh scripts share; sourced, never run.

# Share of both CPUs that processes used over one second: a busy machine skews every number,
# so a benchmark says so up front.
cpu_busy_percent() {
  local -a a b
  read -r -a a </proc/stat
  sleep 1
  read -r -a b </proc/stat
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  local idle=$((b[4] - a[4] + b[5] - a[5]))
  echo $((total > 0 ? 100 * (total - idle) / total : 0))
}

# likwid_first_kernel PROBE_LOG KERNEL...: prints the first likwid-bench kernel of the list
# that is offered and actually runs here (AVX-512 may be missing or trap on other hosts);
# each one skipped is named on stderr with why. A tiny working set keeps each probe at
# likwid's ~1 s fixed cost. Returns 1 when none runs (PROBE_LOG holds the last probe).
likwid_first_kernel() {
  local log=$1 available k
  shift
  available=$(likwid-bench -a 2>/dev/null | awk '{print $1}')
  for k in "$@"; do
    if ! grep -qx "$k" <<<"$available"; then
      echo "$k (not offered)" >&2
      continue
    fi
    if timeout 60 likwid-bench -t "$k" -i 2 -w S0:24kB:1 >"$log" 2>&1 &&
      grep -q '^MByte/s:' "$log"; then
      echo "$k"
      return 0
    fi
    echo "$k (failed here)" >&2
  done
  return 1
}
