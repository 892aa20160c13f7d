#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bad input to slurm/submit-scaling.sh and to a job's site file (slurm/env.sh): exit 2, one
# line on stderr naming the option or file, nothing submitted (a fake sbatch on PATH counts
# calls), no results/ directory made. Needs no SLURM.
#   submit_bad_input_test.sh BIN_DIR
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export SCALELAB_BIN_DIR=$1
work=$(mktemp -d /tmp/scalelab-submit-bad-input.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/fake-bin" "$work/run"
printf '#!/bin/sh\necho called >>"%s/sbatch-calls"\necho 1\n' "$work" >"$work/fake-bin/sbatch"
chmod +x "$work/fake-bin/sbatch"
export PATH=$work/fake-bin:$PATH
cd "$work/run"

failures=0
# refused PATTERN COMMAND...: exit 2, one stderr line matching PATTERN, nothing left behind.
refused() {
  local pattern=$1 code=0 err
  shift
  err=$("$@" 2>&1 >/dev/null) || code=$?
  if [[ $code -ne 2 || $(wc -l <<<"$err") -ne 1 || ! $err =~ $pattern ]]; then
    echo "FAIL: $*: exit $code, said: $err (expected exit 2 and one line matching /$pattern/)"
    failures=$((failures + 1))
  elif [[ -e $work/sbatch-calls || -e results ]]; then
    echo "FAIL: $*: submitted a job or made results/"
    failures=$((failures + 1))
  else
    echo "ok: $*: $err"
  fi
  rm -rf "$work/sbatch-calls" results
}

submit=$root/slurm/submit-scaling.sh
refused "usage: .* WORKLOAD --nodes" "$submit"
refused "--nodes: '1,x' is not a list like 1,2,4" "$submit" pi --nodes 1,x
refused "--nodes: '' is not a list" "$submit" pi
refused "--mode: 'sideways' is not strong, weak or both" "$submit" pi --nodes 1 --mode sideways
refused "--site: '$work/none.sh' is not a readable site file" "$submit" pi --nodes 1 --site "$work/none.sh"
refused "--site: '$work' is not a readable site file" "$submit" pi --nodes 1 --site "$work"
refused "unknown workload 'nosuch': no .*/scalelab-nosuch" "$submit" nosuch --nodes 1
refused "unknown option '--frobnicate'" "$submit" pi --nodes 1 --frobnicate
refused "--account needs a value" "$submit" pi --nodes 1 --account
refused "--tasks-per-node: '0' is not a positive integer" "$submit" pi --nodes 1 --tasks-per-node 0
printf 'SITE_EXCLUSIVE=maybe\n' >"$work/odd-site.sh"
refused "SITE_EXCLUSIVE: 'maybe' is not yes or no" "$submit" pi --nodes 1 --site "$work/odd-site.sh"
# A job whose site file is gone: the job says so and runs nothing.
SCALELAB_SITE=$work/gone.sh refused "site file '$work/gone.sh' \(SCALELAB_SITE\) is not a readable file" \
  "$root/slurm/scaling-job.sh" strong pi
printf 'SITE_MODULES="no-such-module"\n' >"$work/modules-site.sh"
SCALELAB_SITE=$work/modules-site.sh refused "site file .*modules-site.sh: (module load no-such-module failed|SITE_MODULES is set but this node has no 'module' command)" \
  "$root/slurm/scaling-job.sh" strong pi

((failures == 0)) || { echo "$failures case(s) failed"; exit 1; }
