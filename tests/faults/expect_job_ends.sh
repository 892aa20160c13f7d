#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One rank of an MPI job fails mid-run: the whole job must end within LIMIT seconds with a
# non-zero exit, the stderr must contain PATTERN, and no record may be written.
#   expect_job_ends.sh LIMIT PATTERN RECORD -- command...
set -uo pipefail
limit=$1 pattern=$2 record=$3
shift 3
[[ $1 == -- ]] && shift
rm -f "$record"
stderr_file=$(mktemp)
trap 'rm -f "$stderr_file"' EXIT
start=$(date +%s)
timeout --signal=KILL "$limit" "$@" >/dev/null 2>"$stderr_file"
code=$?
elapsed=$(($(date +%s) - start))
fail() { echo "FAIL: $*"; echo "--- stderr:"; cat "$stderr_file"; exit 1; }
((elapsed >= limit)) && fail "job still running after $limit s (a rank hangs)"
[[ $code -ne 0 ]] || fail "exit code 0 after a rank failed"
grep -qE -- "$pattern" "$stderr_file" || fail "stderr does not match /$pattern/"
[[ -e $record ]] && fail "a record was written for a failed run"
echo "ok: job ended in ${elapsed}s with exit $code; $(grep -m1 -E -- "$pattern" "$stderr_file")"
