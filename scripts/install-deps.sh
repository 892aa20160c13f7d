#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs everything ScaleLab needs from Debian's archive. Idempotent: packages
# already present are skipped, so a second run costs only a dpkg query.
set -euo pipefail

packages=(
  build-essential cmake git pkg-config
  openmpi-bin libopenmpi-dev
  libhdf5-openmpi-dev hdf5-tools
  mpich libmpich-dev libhdf5-mpich-dev  # the mpich preset: the MPI tests under MPICH too
  libeigen3-dev
  libopenblas-dev
  googletest libgtest-dev
  libcli11-dev
  python3 python3-matplotlib python3-numpy python3-h5py python3-pandas
  python3-pytest  # the Python tests: python3 -m pytest (ctest runs them so too)
  nodejs  # Node for Ruff as WebAssembly (below)
  datamash
  chromium
  likwid
  slurm-wlm slurm-client munge
  lmod tcl  # the install test loads the module file with Lmod and with Tcl modules
  iproute2 iputils-ping util-linux
  clang-14 libomp-14-dev libclang-rt-14-dev
  valgrind
  libsimgrid-dev  # SimGrid/SMPI: smpicxx and smpirun for the simulated runs (cmake --preset smpi)
  wamerican  # /usr/share/dict/words: a real word list for scalelab-anagrams --input
)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
else
  sudo_cmd=()
fi
export DEBIAN_FRONTEND=noninteractive

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: done"
fi

# Tcl environment modules for the install test. Debian's environment-modules conflicts with
# lmod (both provide `module`), so its package is unpacked beside the system, not installed;
# the test runs its modulecmd.tcl with tclsh.
tcl_modules=/opt/scalelab-deps/environment-modules
if [[ ! -f $tcl_modules/usr/lib/x86_64-linux-gnu/modulecmd.tcl ]]; then
  echo "install-deps: unpacking environment-modules into $tcl_modules"
  download=$(mktemp -d)
  (cd "$download" && apt-get download environment-modules >/dev/null 2>&1) || {
    "${sudo_cmd[@]}" apt-get update -qq
    (cd "$download" && apt-get download environment-modules >/dev/null)
  }
  "${sudo_cmd[@]}" mkdir -p "$tcl_modules"
  "${sudo_cmd[@]}" dpkg -x "$download"/environment-modules_*.deb "$tcl_modules"
  rm -rf "$download"
fi

# Ruff, the Python linter, compiled to WebAssembly (Debian 12 has no ruff package): run under
# Node by tests/lint with pyproject.toml's [tool.ruff]. Pinned, outside the source tree.
ruff_wasm=/opt/scalelab-deps/ruff-wasm ruff_version=0.17.3
ruff_package=$ruff_wasm/node_modules/@astral-sh/ruff-wasm-nodejs/package.json
if ! grep -qs "\"version\": \"$ruff_version\"" "$ruff_package"; then
  echo "install-deps: installing Ruff $ruff_version (WebAssembly) into $ruff_wasm"
  "${sudo_cmd[@]}" mkdir -p "$ruff_wasm"
  "${sudo_cmd[@]}" npm install --prefix "$ruff_wasm" -E --no-audit --no-fund --loglevel=error \
    "@astral-sh/ruff-wasm-nodejs@$ruff_version" >/dev/null
fi

# The Node references of the groupby benchmark (DuckDB, Polars), exactly as locked in
# bench/node/package-lock.json, from the npm registry. Node and npm come with the machine
# (Node 20 or later); Debian's are installed only where there is none. A stamp of the lock
# in node_modules skips the install when it is already done.
if ! command -v npm >/dev/null; then
  echo "install-deps: installing nodejs npm"
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
bench_node=$(cd "$(dirname "${BASH_SOURCE[0]}")/../bench/node" && pwd)
lock_sum=$(sha256sum <"$bench_node/package-lock.json")
if [[ $(cat "$bench_node/node_modules/.installed-lock.sha256" 2>/dev/null) != "$lock_sum" ]]; then
  echo "install-deps: npm ci in bench/node"
  (cd "$bench_node" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$bench_node/node_modules/.installed-lock.sha256"
fi
