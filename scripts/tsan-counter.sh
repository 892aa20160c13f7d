#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tsan-counter: ThreadSanitizer finds no race in any counter method but racy, and does see
# racy's race when it is allowed to look.
#
# Why clang and not GCC: GCC's libgomp is not instrumented, so TSan sees
# neither its thread-pool hand-offs (a parallel region reusing the threads of the previous
# one) nor the lock behind `omp critical`. Under the GCC preset every OpenMP method, and even
# the core's provenance code, gets reports that are false positives. A suppression file cannot
# fix that soundly: the reports name our own frames (run, add_critical, thread_cpus), and
# suppressing those would hide real races there too. LLVM's libomp instead loads Archer
# (libarcher.so, an OMPT tool shipped with libomp-N-dev), which tells TSan about every OpenMP
# synchronisation: barriers, fork/join, critical, reductions. So this script builds the counter
# with clang-N, -fsanitize=thread and libomp in build-tsan/ (the `tsan` preset) and runs it
# with Archer.
# (Open MPI is not instrumented either; ignore_noninstrumented_modules=1, as Archer
# recommends, keeps its internal threads out of the reports. MPI calls are made by the main
# thread only, and TSan has nothing to say about separate processes.)
#
# What it checks:
#   1. every method but racy, at several layouts: no TSan report, exit 0, verified, and Archer
#      active in the run (without it an OpenMP run would get false positives, not silence);
#   2. racy in the app: no TSan report (its kernel is compiled no_sanitize("thread"), see
#      apps/counter/counter_racy.cpp) and the app reports it as not verified;
#   3. proof that TSan is active and sees this race: apps/counter/counter_racy.cpp compiled
#      again WITH instrumentation (SCALELAB_COUNTER_RACY_INSTRUMENTED) into a small probe that
#      calls racy_add from two OpenMP threads must produce a data race report in racy_add; the
#      same probe with the file as the app compiles it must not (the attribute is what hides it).
#
# Exit status: 0 all checks passed; 1 a check failed; 2 a prerequisite is missing.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/tsan-counter.sh [--clang-version N]

  --clang-version N   use clang-N and libomp-N's Archer (default: the newest N with both
                      /usr/bin/clang++-N and /usr/lib/llvm-N/lib/libarcher.so)
  -h, --help          this text

Builds scalelab-counter in build-tsan/ (about 2-3 minutes the first time on 2 cores,
seconds afterwards), then runs the checks (about 30 s).
Needs: apt-get install clang-14 libomp-14-dev (or another matching version).
EOF
}

version=""
while (($#)); do
  case $1 in
    --clang-version) version=${2:?--clang-version needs a value}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "tsan-counter: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [[ -z $version ]]; then
  for n in 19 18 17 16 15 14 13; do
    if [[ -x /usr/bin/clang++-$n && -e /usr/lib/llvm-$n/lib/libarcher.so ]]; then
      version=$n
      break
    fi
  done
fi
archer=/usr/lib/llvm-$version/lib/libarcher.so
if [[ -z $version || ! -x /usr/bin/clang++-$version || ! -e $archer ]]; then
  echo "tsan-counter: need clang++-N and libomp-N-dev (libarcher.so) of one version N;" \
    "e.g. apt-get install clang-14 libomp-14-dev" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build-tsan  # the `tsan` preset's, shared with scripts/sanitize.sh thread
bin=$build/bin/scalelab-counter

# ---------------------------------------------------------------------------------------------
# Build
start=$SECONDS
if [[ ! -f $build/CMakeCache.txt ]] || ! grep -q "clang++-$version" "$build/CMakeCache.txt"; then
  echo "tsan-counter: configuring $build with clang-$version" >&2
  mkdir -p "$build"
  (cd "$root" && cmake --preset tsan -DCMAKE_C_COMPILER="clang-$version" \
    -DCMAKE_CXX_COMPILER="clang++-$version") >"$build/tsan-counter-configure.log" 2>&1 || {
    tail -n 30 "$build/tsan-counter-configure.log" >&2
    echo "tsan-counter: configure failed" >&2
    exit 1
  }
fi
cmake --build "$build" --target scalelab-counter -j2 \
  >"$build/tsan-counter-build.log" 2>&1 || {
  tail -n 30 "$build/tsan-counter-build.log" >&2
  echo "tsan-counter: build failed" >&2
  exit 1
}
echo "tsan-counter: built in $((SECONDS - start)) s" >&2

# ---------------------------------------------------------------------------------------------
# Runs
# shellcheck source=scripts/mpi-env.sh
source "$root/scripts/mpi-env.sh"
export OMP_TOOL_LIBRARIES=$archer ARCHER_OPTIONS=verbose=1  # verbose: it says it is active
export TSAN_OPTIONS="ignore_noninstrumented_modules=1 halt_on_error=0"
unset OMP_NUM_THREADS OMP_TOOL

work=$(mktemp -d "${TMPDIR:-/tmp}/tsan-counter.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
runs_start=$SECONDS

reports() { grep -c "WARNING: ThreadSanitizer" "$1" || true; }

# check NAME EXPECT_REPORTS SUMMARY_PATTERN -- command...: runs the command, then requires
# Archer to have been active, the summary line to match, and TSan reports iff EXPECT_REPORTS.
check() {
  local name=$1 want_reports=$2 pattern=$3
  shift 4
  local log=$work/${name//\//_}.log code=0
  timeout 300 "$@" >"$log" 2>&1 || code=$?
  local found problem=""
  found=$(reports "$log")
  grep -q "Archer detected OpenMP application with TSan" "$log" || problem="Archer was not active"
  grep -qE -- "$pattern" "$log" || problem="no line matching /$pattern/ (exit $code)"
  if ((want_reports)) && ((found == 0)); then problem="expected a TSan report, got none"; fi
  if ((!want_reports)) && ((found > 0)); then problem="$found TSan report(s)"; fi
  if [[ -n $problem ]]; then
    printf '  FAIL  %-34s %s\n' "$name" "$problem"
    sed -n "1,60p" "$log" | sed "s/^/        | /" || true
    failures=$((failures + 1))
  else
    printf '  ok    %-34s %s TSan report(s)\n' "$name" "$found"
  fi
}

verified="verified \("
app=("$bin" --reps 2 --warmup 1)
mpi2=(mpirun -n 2 --oversubscribe "${app[@]}")

echo "1. every method but racy: no report"
check serial/plain 0 "$verified" -- "${app[@]}" --model serial --size 100k
check eigen/vectorised 0 "$verified" -- "${app[@]}" --model eigen --size 100k
for threads in 2 3; do
  check "openmp/reduction/t$threads" 0 "$verified" -- \
    "${app[@]}" --model openmp --method reduction --threads "$threads" --size 100003 --mixed
  check "openmp/atomic/t$threads" 0 "$verified" -- \
    "${app[@]}" --model openmp --method atomic --threads "$threads" --size 100003
  check "openmp/critical/t$threads" 0 "$verified" -- \
    "${app[@]}" --model openmp --method critical --threads "$threads" --size 20011 --mixed
done
check mpi/mpi-reduce/np2 0 "$verified" -- "${mpi2[@]}" --model mpi --method mpi-reduce --size 100k
check mpi/mpi-rma/np2 0 "$verified" -- \
  "${mpi2[@]}" --model mpi --method mpi-rma --size 20011 --mixed
check hybrid/reduction/np2xt2 0 "$verified" -- \
  "${mpi2[@]}" --model hybrid --threads 2 --size 100003 --mixed

echo "2. racy in the app: exempt from TSan, reported by the app"
check openmp/racy/t2 0 "not verified by design" -- \
  "${app[@]}" --model openmp --method racy --threads 2 --size 100k

echo "3. TSan sees racy's race when the kernel is instrumented"
cat >"$work/probe.cpp" <<'EOF'
// Two OpenMP threads run the racy method's kernel on one total, as the app does.
#include <cstdio>

#include "counter_racy.hpp"

int main() {
  std::int64_t total = 0;
#pragma omp parallel num_threads(2)
  scalelab::counter::racy_add(total, 1, 100000);
  std::printf("probe: total %lld of 200000\n", static_cast<long long>(total));
}
EOF
probe_flags=(-std=c++20 -O2 -g -fsanitize=thread -fopenmp -I"$root/apps/counter")
for variant in instrumented exempt; do
  defines=()
  [[ $variant == instrumented ]] && defines=(-DSCALELAB_COUNTER_RACY_INSTRUMENTED)
  "clang++-$version" "${probe_flags[@]}" "${defines[@]}" "$work/probe.cpp" \
    "$root/apps/counter/counter_racy.cpp" -o "$work/probe-$variant"
done
check probe/racy-instrumented 1 "data race .*racy_add" -- "$work/probe-instrumented"
check probe/racy-as-in-the-app 0 "probe: total" -- "$work/probe-exempt"

echo "checks ran in $((SECONDS - runs_start)) s; total $((SECONDS - start)) s"
if ((failures)); then
  echo "tsan-counter: $failures check(s) FAILED"
  exit 1
fi
echo "tsan-counter: all checks passed (clang-$version, ThreadSanitizer + Archer)"
