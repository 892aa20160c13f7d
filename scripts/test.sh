#!/usr/bin/env bash
# Installs what ScaleLab needs, builds it (release preset: -O3 -march=native) and runs the
# whole test suite. This is the README's test command; CI runs exactly this.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

scripts/install-deps.sh
source scripts/mpi-env.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
ctest --preset release -j "$(nproc)" "$@"
