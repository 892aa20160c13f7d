# SPDX-License-Identifier: MIT
# Sourced by the SLURM scripts: where the ScaleLab programs are that go with these scripts.
# Sets scalelab_bin: $SCALELAB_BIN_DIR if set, else build/bin of the checkout the scripts are
# in, else bin/ of the prefix they were installed to (they live in <prefix>/share/scalelab/slurm).
scalelab_slurm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -n ${SCALELAB_BIN_DIR:-} ]]; then
  scalelab_bin=$SCALELAB_BIN_DIR
elif [[ -x $scalelab_slurm_dir/../build/bin/scalelab-sweep ]]; then
  scalelab_bin=$(cd "$scalelab_slurm_dir/../build/bin" && pwd)
else
  scalelab_bin=$(cd "$scalelab_slurm_dir/../../.." && pwd)/bin
fi
[[ -x $scalelab_bin/scalelab-sweep ]] || {
  echo "scalelab: error: no ScaleLab programs in $scalelab_bin (configure and build the" \
    "checkout, install it, or set SCALELAB_BIN_DIR)" >&2
  exit 2
}
