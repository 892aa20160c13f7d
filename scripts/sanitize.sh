#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The test suite under a sanitizer, each on its own clang-14 build at -O1 (the presets):
#   scripts/sanitize.sh address [CTEST_ARGS...]   AddressSanitizer + UndefinedBehaviorSanitizer
#                                                 (`asan` preset, build-asan/)
#   scripts/sanitize.sh thread  [CTEST_ARGS...]   ThreadSanitizer, OpenMP seen through libomp's
#                                                 Archer (`tsan` preset, build-tsan/; why clang
#                                                 and Archer: scripts/tsan-counter.sh)
# scripts/test.sh (the README's test command, what CI runs) runs both after the release suite.
#
# Selection (CTEST_ARGS replace it, e.g. -R mpi/heat): the labels unit, mpi, cli, faults and
# fuzz, i.e. every test that runs our C++ code on its own terms: kernels, every model at 1-4
# ranks, every bad input, MPI faults, the fuzz corpora. Left out: the counter's deliberately
# racy method (label racy: a race is its lesson; scripts/tsan-counter.sh proves TSan sees
# it), the tsan label (that script itself), slow, and the labels that test the Python and
# shell tooling around the binaries (sweep, slurm, scripts, browser, netns): they would run
# the same binaries again, minutes longer, and find nothing the selection does not.
#
# Any report fails the test it is in: UBSan checks do not recover, ASan and TSan halt on
# the first error, and a leak (LSan, at exit) makes the process exit non-zero. Suppressed,
# with reasons, only what Open MPI and HDF5 keep for the life of a process
# (tests/sanitizers/lsan.supp).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kind=${1:-}
shift || true
selection=("$@")
((${#selection[@]})) || selection=(-L 'unit|mpi|cli|faults|fuzz' -LE 'racy|tsan|slow')
supp=$root/tests/sanitizers
test_env=()  # set for the tests only, not the build

case $kind in
  address)
    preset=asan
    # Open MPI's plugins stay loaded to the end, so the leak report names them (see
    # tests/sanitizers/keep_plugins_loaded.c, built by the asan preset).
    test_env=(LD_PRELOAD="$root/build-asan/lib/libscalelab_keep_plugins_loaded.so")
    export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0"
    # use_tls=0: clang 14's LeakSanitizer crashes in its own tracer ("Tracer caught signal
    # 11") reading the dynamic TLS of processes that loaded Open MPI, on Debian 12's glibc
    # (reproducible with `--list-models` of any app). Not scanning TLS can only add reports
    # (a block held only by a thread_local pointer), never hide one; ScaleLab keeps none.
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0:use_tls=0"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
    ;;
  thread)
    preset=tsan
    archer=/usr/lib/llvm-14/lib/libarcher.so
    [[ -e $archer ]] || { echo "sanitize: error: $archer is missing (apt-get install libomp-14-dev)" >&2; exit 2; }
    export OMP_TOOL_LIBRARIES=$archer
    # Open MPI is not instrumented: its progress thread stays out of the reports.
    export TSAN_OPTIONS="ignore_noninstrumented_modules=1:halt_on_error=1:exitcode=66"
    ;;
  *)
    echo "sanitize: error: say 'address' or 'thread' (got '${kind}')" >&2
    exit 2
    ;;
esac
cd "$root"
start=$SECONDS
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
echo "sanitize: $preset build took $((SECONDS - start)) s" >&2
env "${test_env[@]}" ctest --preset "$preset" "${selection[@]}" -j "$(nproc)" --timeout 600
