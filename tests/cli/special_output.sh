#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An output named as a FIFO or as a copy of /dev/null (a character device made with mknod):
# the app must refuse it before running (exit 2, one line naming the option and what the
# path is) and leave the node as it was, neither replaced by a regular file nor written.
#   special_output.sh EXPECT_EXIT RECORD KIND OPTION WHAT -- command args...
# KIND is fifo or null-copy; the node is appended as OPTION's value; WHAT is how the error
# line describes it. RECORD is - when OPTION is --output itself. Skipped (77) without mknod.
set -euo pipefail
expect=$1 record=$2 kind=$3 option=$4 what=$5
shift 5
[[ $1 == -- ]] && shift
dir=$(mktemp -d /tmp/scalelab-special-output.XXXXXX)
trap 'rm -rf "$dir"' EXIT
node=$dir/node
case $kind in
  fifo) mkfifo "$node" && flag=-p ;;
  null-copy)
    if ! mknod "$node" c 1 3 2>/dev/null; then
      echo "skipped: mknod is not allowed here"
      exit 77
    fi
    flag=-c
    ;;
  *) echo "unknown node kind $kind" && exit 1 ;;
esac
"$expect" 2 "^scalelab-[a-z-]+: error: $option: '$node' is $what" "$record" -- "$@" "$option" "$node"
if ! test "$flag" "$node"; then
  echo "FAIL: $node is no longer a $kind: $(stat -c %F "$node")"
  exit 1
fi
left=$(ls -A "$dir")
if [[ $left != node ]]; then
  echo "FAIL: files left beside the node: $left"
  exit 1
fi
echo "ok: $option $kind refused and left as it was"
