#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a command and checks how it failed, as a user would see it:
#   expect_exit.sh CODE PATTERN RECORD -- command args...
# passes when the command exits with CODE, and, for a failure, its stderr carries exactly one
# line from ScaleLab ("scalelab-...") matching PATTERN (an extended regex), or, for CODE 0,
# its stdout matches PATTERN; and RECORD (a path, or - for none) does not exist afterwards:
# bad input never leaves a record behind.
set -uo pipefail
expected_code=$1 pattern=$2 record=$3
shift 3
[[ $1 == -- ]] && shift
[[ $record != - ]] && rm -f "$record"

stderr_file=$(mktemp)
stdout_file=$(mktemp)
trap 'rm -f "$stderr_file" "$stdout_file"' EXIT
"$@" >"$stdout_file" 2>"$stderr_file"
code=$?

failed=0
if [[ $code -ne $expected_code ]]; then
  echo "FAIL: exit code $code, expected $expected_code"
  failed=1
fi
ours=$(grep -c '^scalelab-' "$stderr_file")
if [[ $expected_code -ne 0 && $ours -ne 1 ]]; then
  echo "FAIL: $ours error lines from scalelab, expected exactly one"
  failed=1
fi
if [[ $expected_code -ne 0 ]]; then
  if ! grep '^scalelab-' "$stderr_file" | grep -qE -- "$pattern"; then
    echo "FAIL: no scalelab error line matches /$pattern/"
    failed=1
  fi
elif ! grep -qE -- "$pattern" "$stdout_file"; then
  echo "FAIL: stdout does not match /$pattern/"
  failed=1
fi
if [[ $record != - && -e $record ]]; then
  echo "FAIL: $record was written"
  failed=1
fi
if [[ $failed -ne 0 ]]; then
  echo "--- command: $*"
  echo "--- stdout:"
  cat "$stdout_file"
  echo "--- stderr:"
  cat "$stderr_file"
  exit 1
fi
echo "ok: exit $code; $(grep '^scalelab-' "$stderr_file" || true)"
