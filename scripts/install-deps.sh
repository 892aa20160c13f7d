#!/usr/bin/env bash
# Installs everything ScaleLab needs from Debian's archive. Idempotent: packages
# already present are skipped, so a second run costs only a dpkg query.
set -euo pipefail

packages=(
  build-essential cmake git pkg-config
  openmpi-bin libopenmpi-dev
  libhdf5-openmpi-dev hdf5-tools
  libeigen3-dev
  libopenblas-dev
  googletest libgtest-dev
  libcli11-dev
  python3 python3-matplotlib python3-numpy python3-h5py python3-pandas
  datamash
  chromium
  likwid
  slurm-wlm slurm-client munge
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

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
else
  sudo_cmd=()
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
