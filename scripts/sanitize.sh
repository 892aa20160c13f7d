#!/usr/bin/env bash
# The test suite under a sanitizer, on its own build:
#   scripts/sanitize.sh address [CTEST_ARGS...]   AddressSanitizer + UndefinedBehaviorSanitizer
#                                                 (the `asan` preset, GCC; build-asan/)
#   scripts/sanitize.sh thread  [CTEST_ARGS...]   ThreadSanitizer with clang-14 and libomp's
#                                                 Archer (build-tsan-clang/; see why in
#                                                 scripts/tsan-counter.sh)
# Default selection: the unit, mpi, faults and fuzz labels, without the counter's deliberately
# racy method (label racy: a race is its lesson) and the sanitizer's own tsan test. CTEST_ARGS
# replace the selection (e.g. -R mpi/heat). Any sanitizer report fails the test it is in:
# halt_on_error / exitcode make the process exit non-zero.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kind=${1:-}
shift || true
selection=("$@")
((${#selection[@]})) || selection=(-L 'unit|mpi|faults|fuzz' -LE 'racy|tsan|slow')
supp=$root/tests/sanitizers

case $kind in
  address)
    build=$root/build-asan
    cmake --preset asan >/dev/null
    # Open MPI and HDF5 keep some allocations for the life of the process on purpose.
    export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
    ;;
  thread)
    build=$root/build-tsan-clang
    archer=/usr/lib/llvm-14/lib/libarcher.so
    [[ -e $archer ]] || { echo "sanitize: error: $archer is missing (apt-get install libomp-14-dev)" >&2; exit 2; }
    cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCALELAB_SANITIZE=thread >/dev/null
    export OMP_TOOL_LIBRARIES=$archer
    export TSAN_OPTIONS="ignore_noninstrumented_modules=1:halt_on_error=1:exitcode=66"
    ;;
  *)
    echo "sanitize: error: say 'address' or 'thread' (got '${kind}')" >&2
    exit 2
    ;;
esac
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest "${selection[@]}" -j"$(nproc)" --output-on-failure --timeout 600
