#!/usr/bin/env bash
# The README's test command; CI runs exactly this. Installs what ScaleLab needs, builds it
# (release preset: -O3 -march=native), runs the whole test suite, then the C++ tests again
# under AddressSanitizer+UndefinedBehaviorSanitizer and under ThreadSanitizer, each on its
# own clang build (scripts/sanitize.sh: what is selected and why), and the simulation build
# (SimGrid/SMPI, preset smpi) with its tests, which compare with the release binaries.
#
#   scripts/test.sh [--release-only] [CTEST_ARGS...]
#     --release-only   skip the two sanitizer builds and runs (a quicker local check)
#     CTEST_ARGS       passed to the release ctest (e.g. -L unit, -R heat)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
sanitizers=1
if [[ ${1:-} == --release-only ]]; then
  sanitizers=0
  shift
fi

scripts/install-deps.sh
source scripts/mpi-env.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
ctest --preset release -j "$(nproc)" "$@"
cmake --preset smpi
cmake --build --preset smpi -j "$(nproc)"
ctest --preset smpi -j "$(nproc)"
if ((sanitizers)); then
  scripts/sanitize.sh address
  scripts/sanitize.sh thread
fi
