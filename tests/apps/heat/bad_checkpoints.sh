#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checkpoints that must not be trusted, at the command line: truncated, one flipped bit, a
# step that is not a non-negative integer, another grid, another alpha; each refused with
# exit 2, one line naming --restart and the file, and no record. A checkpoint write that
# fails (a file size limit below the checkpoint's size, as on a full disk) stops the run with
# exit 3 and leaves the previous checkpoint byte for byte as it was, and no temporary beside it.
#   bad_checkpoints.sh SCALELAB_HEAT EXPECT_EXIT_SH WORK_DIR
set -euo pipefail
heat=$1 expect=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
record=$work/must-not-exist.jsonl
common=(--boundary insulated --steps 20 --reps 1 --warmup 0 --quiet)
run=("${common[@]}" --size 37x23)
good=$work/good.h5

"$heat" "${run[@]}" --checkpoint "$good" --checkpoint-every 10
before=$(sha256sum <"$good")

refused() {  # FILE PATTERN [options, default: the run's]
  local file=$1 pattern=$2
  shift 2
  (($#)) || set -- "${run[@]}"
  "$expect" 2 "^scalelab-heat: error: --restart: '$file' $pattern" "$record" -- \
    "$heat" "$@" --restart "$file" --output "$record"
}

head -c "$(($(stat -c %s "$good") / 2))" "$good" >"$work/truncated.h5"
refused "$work/truncated.h5" "is missing or not a readable HDF5 file"

# Flip the lowest bit of the stored value of cell (0, 0): a valid file with a wrong field.
cp "$good" "$work/flipped.h5"
/usr/bin/python3 - "$work/flipped.h5" <<'PY'
import sys, h5py
path = sys.argv[1]
with h5py.File(path, "r") as f:
    pattern = f["field"][0, 0].tobytes()
data = bytearray(open(path, "rb").read())
at = data.find(pattern)
assert at >= 0, "value of cell (0, 0) not found in the file"
data[at] ^= 1
open(path, "wb").write(data)
PY
refused "$work/flipped.h5" "is corrupt: its field does not match the digest stored with it"

# The step stored as a non-integer (HDF5 would round 1.5 to 1), or negative: corrupt.
set_step() {  # FILE VALUE (with a '.': stored as a double, else as an integer)
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, h5py
text = sys.argv[2]
with h5py.File(sys.argv[1], "r+") as f:
    f.attrs["step"] = float(text) if "." in text else int(text)
PY
}
cp "$good" "$work/step-fraction.h5"
set_step "$work/step-fraction.h5" 1.5
refused "$work/step-fraction.h5" "holds attribute 'step' as something other than an integer"
cp "$good" "$work/step-negative.h5"
set_step "$work/step-negative.h5" -1
refused "$work/step-negative.h5" "is corrupt: its step is -1, a negative step"

refused "$good" "holds a 37x23 grid, but --size asks for 36x23" "${common[@]}" --size 36x23
refused "$good" "continues a run with --alpha 0.2, not 0.25" "${run[@]}" --alpha 0.25

# A failed write must not cost the previous checkpoint.
# An 8 MB checkpoint of a larger grid under a 4 MB file size limit (SIGXFSZ ignored, so the
# write fails with EFBIG; the limit leaves room for MPI's own shared-memory files).
(
  trap '' XFSZ
  ulimit -f 4096
  "$expect" 3 "error on rank 0: HDF5: writing field to .* failed" "$record" -- \
    "$heat" "${common[@]}" --size 1024x1024 --checkpoint "$good" --checkpoint-every 10 \
    --output "$record"
)
if compgen -G "$good.tmp.*" >/dev/null; then
  echo "FAIL: a temporary was left beside $good"
  exit 1
fi
after=$(sha256sum <"$good")
if [[ $before != "$after" ]]; then
  echo "FAIL: the previous checkpoint changed"
  exit 1
fi
"$heat" "${run[@]}" --restart "$good"
echo "ok: bad checkpoints refused; the previous checkpoint survived a failed write"
