#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An input file its user may not read: the app must exit 2 with one line naming the file and
# why, and write no record (expect_exit.sh checks all three).
#   unreadable_input.sh EXPECT_EXIT RECORD BINARY [ARGS...]   (the file is appended as --input)
# Root reads any file, so as root the app runs as user nobody (setpriv); skipped (77) where
# that is not possible (no setpriv, or nobody cannot reach the binary).
set -euo pipefail
expect=$1 record=$2
shift 2
dir=$(mktemp -d /tmp/scalelab-unreadable.XXXXXX)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
echo "some words that nobody may read" >"$dir/locked"
chmod 000 "$dir/locked"
runner=()
if [[ $(id -u) -eq 0 ]]; then
  runner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  if ! "${runner[@]}" test -x "$1" 2>/dev/null; then
    echo "skipped: cannot run $1 as user nobody (setpriv, or a directory nobody may enter)"
    exit 77
  fi
fi
"$expect" 2 "--input: '$dir/locked' cannot be read: Permission denied" "$record" -- \
  "${runner[@]}" "$@" --input "$dir/locked"
