#!/usr/bin/env bash
# The main job: install and build, then run pi and triad at every level of parallelism
# (serial, eigen, openmp, mpi, hybrid at 1 and 2 cores), append every run's record to
# results/basics.jsonl and print a comparison table.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

scripts/install-deps.sh
source scripts/mpi-env.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" >/dev/null

mkdir -p results
out=results/basics.jsonl
rm -f "$out"
cores=$(nproc)
export OMP_PLACES=cores OMP_PROC_BIND=close

# One measured run; MPI models under mpirun with each rank bound to its own cores.
run() {
  local app=$1 model=$2 ranks=$3 threads=$4
  shift 4
  local cmd=(build/bin/scalelab-"$app" --model "$model" --threads "$threads" --output "$out" "$@")
  case $model in
    mpi | hybrid) mpirun -q -n "$ranks" --map-by "slot:PE=$threads" --bind-to core "${cmd[@]}" ;;
    *) "${cmd[@]}" ;;
  esac
}

for app in pi triad; do
  echo "== $app"
  run "$app" serial 1 1
  run "$app" eigen 1 1
  for ((c = 1; c <= cores; c *= 2)); do
    run "$app" openmp 1 "$c"
    run "$app" mpi "$c" 1
    run "$app" hybrid 1 "$c"
    ((c > 1)) && run "$app" hybrid "$c" 1
  done
done

echo
/usr/bin/python3 scripts/table "$out"
echo
echo "Records: $out (one JSON line per run; schema in README.md)"
