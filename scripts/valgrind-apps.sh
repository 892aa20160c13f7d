#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Valgrind memcheck on a small run of every app: each model that runs as one process, then
# the mpi model on 2 ranks (each rank under valgrind). Errors in ScaleLab's code fail the
# run; what Open MPI, hwloc, PMIx and HDF5 do at start-up is suppressed (Open MPI's own
# openmpi-valgrind.supp plus tests/valgrind/scalelab.supp, which names each library).
# Runs on the `portable` preset's build (no -march=native: valgrind 3.19 stops at AVX-512
# instructions with SIGILL), which it configures and builds first.
#   scripts/valgrind-apps.sh [APP...]      (default: every app)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build-portable
source "$root/scripts/mpi-env.sh"
command -v valgrind >/dev/null || { echo "valgrind-apps: error: valgrind is missing (scripts/install-deps.sh installs it)" >&2; exit 2; }

# Small, quick arguments per app (valgrind runs ~30x slower).
declare -A small=(
  [pi]="--size 200k" [triad]="--size 20k" [counter]="--size 20k" [taskfarm]="--size 200"
  [matmul]="--size 48" [heat]="--size 40x24 --steps 4" [costs]="--probe pingpong --size 64"
  [wordcount]="--size 200k" [anagrams]="--size 5k" [groupby]="--size 5k"
)
# Where a model needs other arguments than its app's: the costs probes differ by model (and
# the memory probe checks that its latency ladder rises, which valgrind's timing can upset).
declare -A small_for_model=(
  [costs/serial]="--probe memory --size 256k" [costs/openmp]="--probe spawn --size 5"
)
cmake --preset portable -DSCALELAB_BUILD_TESTS=OFF >/dev/null
targets=("${@/#/scalelab-}")
cmake --build "$build" -j"$(nproc)" ${targets[0]:+--target "${targets[@]}"} >/dev/null ||
  { echo "valgrind-apps: error: building $build failed" >&2; exit 3; }
apps=("$@")
if ((${#apps[@]} == 0)); then
  for bin in "$build"/bin/scalelab-*; do
    name=${bin##*/scalelab-}
    [[ -n ${small[$name]:-} ]] && apps+=("$name")
  done
fi

supp=(--suppressions=/usr/share/openmpi/openmpi-valgrind.supp
      --suppressions="$root/tests/valgrind/scalelab.supp")
vg=(valgrind --quiet --error-exitcode=99 --num-callers=40 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --track-origins=yes "${supp[@]}")
log=$(mktemp -d /tmp/scalelab-valgrind.XXXXXX)
failed=()
for app in "${apps[@]}"; do
  bin=$build/bin/scalelab-$app
  [[ -x $bin ]] || { echo "valgrind-apps: error: no $bin (build first)" >&2; exit 2; }
  for model in $("$bin" --list-models); do
    read -ra args <<<"${small_for_model[$app/$model]:-${small[$app]}}"
    common=(--reps 1 --warmup 0 --quiet "${args[@]}")
    case $model in
      mpi) cmd=(mpirun -n 2 --oversubscribe "${vg[@]}" "$bin" --model mpi "${common[@]}") ;;
      hybrid) cmd=(mpirun -n 2 --oversubscribe "${vg[@]}" "$bin" --model hybrid --threads 1 "${common[@]}") ;;
      *) cmd=("${vg[@]}" "$bin" --model "$model" "${common[@]}") ;;
    esac
    out=$log/$app-$model.log
    if OMP_NUM_THREADS=2 "${cmd[@]}" >"$out" 2>&1; then
      echo "clean: $app/$model"
    else
      echo "FAIL:  $app/$model (exit $?), see below"
      sed -n '1,60p' "$out"
      failed+=("$app/$model")
    fi
  done
done
rm -rf "$log"
if ((${#failed[@]})); then
  echo "valgrind-apps: errors in ${failed[*]}"
  exit 1
fi
echo "valgrind-apps: every model of ${apps[*]} ran clean under memcheck"
