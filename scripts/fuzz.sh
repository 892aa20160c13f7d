#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Short libFuzzer runs over every parser that reads user data (tests/fuzz/*_fuzz.cpp).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
# Builds the `fuzz` preset (clang-14, libFuzzer, ASan+UBSan) into build-fuzz/, fuzzes each
# target starting from its saved corpus (tests/fuzz/corpus/<target>/), and copies every
# crashing input into that corpus, where ctest's fuzz/<target>/corpus test replays it from
# then on: a crash found once stays a regression test. Exit 1 if any target crashed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
shift || true
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: error: SECONDS '$seconds' is not a positive whole number" >&2; exit 2; }
cd "$root"
mapfile -t all < <(ls tests/fuzz/*_fuzz.cpp | sed 's|.*/||; s|_fuzz\.cpp$||')
targets=("${@:-${all[@]}}")
for target in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $target "* ]] || { echo "fuzz.sh: error: unknown target '$target' (have: ${all[*]})" >&2; exit 2; }
done
command -v clang++-14 >/dev/null || { echo "fuzz.sh: error: clang++-14 is missing (scripts/install-deps.sh installs it)" >&2; exit 2; }

cmake --preset fuzz >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# What Open MPI (singleton start-up in heat_checkpoint) keeps allocated is not our leak.
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
work=$(mktemp -d /tmp/scalelab-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
crashed=()
for target in "${targets[@]}"; do
  saved=tests/fuzz/corpus/$target
  mkdir -p "$work/$target/corpus" "$work/$target/artifacts"
  cp "$saved"/* "$work/$target/corpus/"
  echo "== $target: $seconds s from $(ls "$saved" | wc -l) saved inputs"
  if build-fuzz/bin/fuzz_"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$work/$target/artifacts/" \
      "$work/$target/corpus" >"$work/$target/log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$work/$target/log" || true
  else
    crashed+=("$target")
    tail -n 30 "$work/$target/log"
  fi
  for artifact in "$work/$target/artifacts"/*; do
    [[ -e $artifact ]] || continue
    cp "$artifact" "$saved/"
    echo "$target: saved $(basename "$artifact") to $saved/ (now a regression input)"
  done
done
if ((${#crashed[@]})); then
  echo "fuzz.sh: crashes in: ${crashed[*]} (inputs saved; replay with ctest -R fuzz/)"
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s), $seconds s each: no crash"
