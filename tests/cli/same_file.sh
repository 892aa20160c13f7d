#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An output that is the same file as an input, or as another output, of the same run: the app
# must refuse it before running (exit 2, one line naming both options) and the file's bytes
# must be unchanged.
#   same_file.sh EXPECT_EXIT RECORD PATTERN SOURCE -- command args...
# In the command, @FILE@ becomes a fresh copy of SOURCE in a private directory and @NEW@ a
# path there that does not exist (two outputs of one new file: it must not appear).
set -euo pipefail
expect=$1 record=$2 pattern=$3 source=$4
shift 4
[[ $1 == -- ]] && shift
dir=$(mktemp -d /tmp/scalelab-same-file.XXXXXX)
trap 'rm -rf "$dir"' EXIT
file=$dir/file
new=$dir/new
cp "$source" "$file"
command=()
for arg in "$@"; do
  arg=${arg//@FILE@/$file}
  command+=("${arg//@NEW@/$new}")
done
before=$(sha256sum <"$file")
"$expect" 2 "$pattern" "$record" -- "${command[@]}"
if [[ $(sha256sum <"$file") != "$before" ]]; then
  echo "FAIL: $file changed"
  exit 1
fi
if [[ -e $new ]]; then
  echo "FAIL: $new was written"
  exit 1
fi
left=$(ls -A "$dir")
if [[ $left != file ]]; then
  echo "FAIL: files left behind: $left"
  exit 1
fi
echo "ok: refused, the file is unchanged"
