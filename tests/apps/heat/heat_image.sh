#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/heat-image on real scalelab-heat files: a PNG of the last snapshot, of a chosen
# step, of every snapshot, and of a checkpoint; bad input exits 2 with one line and writes
# nothing.   heat_image.sh SCALELAB_HEAT HEAT_IMAGE WORK_DIR
set -euo pipefail
heat=$1 image=$2 work=$3
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "FAIL: $*"
  exit 1
}
is_png() {  # FILE: PNG signature and a plausible size
  [[ -s $1 && $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
    fail "$1 is not a PNG"
}

"$heat" --size 48x32 --steps 20 --reps 1 --warmup 0 --quiet --snapshot "$work/snap.h5" \
  --snapshot-every 8 --checkpoint "$work/ckpt.h5" --checkpoint-every 10

[[ $("$image" "$work/snap.h5") == "$work/snap.png" ]] || fail "default output name"
is_png "$work/snap.png"
"$image" "$work/snap.h5" --step 8 -o "$work/step8.png" >/dev/null
is_png "$work/step8.png"
"$image" "$work/snap.h5" --all -o "$work/all" >/dev/null
# Snapshots: the start (0), every 8th step, and the last (20).
[[ $(cd "$work/all" && echo *.png) == "step_0000000000.png step_0000000008.png step_0000000016.png step_0000000020.png" ]] ||
  fail "--all wrote: $(ls "$work/all")"
"$image" "$work/ckpt.h5" -o "$work/ckpt.png" >/dev/null
is_png "$work/ckpt.png"

one_error() {  # EXPECTED_TEXT command...: exit 2, exactly one stderr line containing it
  local expected=$1 code=0
  shift
  "$@" >"$work/out" 2>"$work/err" || code=$?
  [[ $code -eq 2 ]] || fail "$*: exit $code, expected 2"
  [[ $(wc -l <"$work/err") -eq 1 ]] || fail "$*: stderr is not one line: $(cat "$work/err")"
  grep -qF -- "$expected" "$work/err" || fail "$*: stderr lacks '$expected': $(cat "$work/err")"
}
one_error "does not exist" "$image" "$work/missing.h5" -o "$work/none.png"
echo "not HDF5" >"$work/text.h5"
one_error "is not a readable HDF5 file" "$image" "$work/text.h5" -o "$work/none.png"
one_error "has no step 7 (it has 0, 8, 16, 20)" "$image" "$work/snap.h5" --step 7 -o "$work/none.png"
one_error "unrecognized arguments: --bogus" "$image" "$work/snap.h5" --bogus
[[ ! -e $work/none.png ]] || fail "a failed call wrote an image"
echo "ok: heat-image rendered snapshots and a checkpoint, refused bad input"
