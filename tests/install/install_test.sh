#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `cmake --install` into a temporary prefix, then, in a clean login shell that knows nothing
# of this checkout, `module load scalelab` with Lmod or with Tcl environment modules and a
# tiny study from a directory outside the source tree: sweep (MPI runs included) + report.
#   install_test.sh BUILD_DIR lmod|tcl
# Exit 77 (ctest: skipped) when the module system is not there (scripts/install-deps.sh
# provides both).
set -euo pipefail
build=$1 flavour=$2
tcl_modulecmd=/opt/scalelab-deps/environment-modules/usr/lib/x86_64-linux-gnu/modulecmd.tcl
case $flavour in
  lmod) [[ -f /usr/share/lmod/lmod/init/bash ]] || { echo "skipped: Lmod not installed"; exit 77; } ;;
  tcl) [[ -f $tcl_modulecmd ]] && command -v tclsh >/dev/null ||
         { echo "skipped: no $tcl_modulecmd (scripts/install-deps.sh)"; exit 77; } ;;
esac

work=$(mktemp -d /tmp/scalelab-install-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log"

# How each module system is started in a shell: Lmod through the system's login profile
# (/etc/profile.d/lmod.sh, as users get it), Tcl modules through their modulecmd.tcl.
case $flavour in
  lmod) setup="module use $prefix/share/modulefiles/lua" ;;
  tcl) setup="module() { eval \"\$(tclsh $tcl_modulecmd bash \"\$@\")\"; }
              module use $prefix/share/modulefiles/tcl" ;;
esac
mkdir "$work/study"
env -i HOME="$work" PATH=/usr/bin:/bin LANG=C.UTF-8 bash -lc "
  set -euo pipefail
  $setup
  module load scalelab
  cd '$work/study'
  [[ \$(command -v scalelab-sweep) == '$prefix/bin/scalelab-sweep' ]]
  [[ \$SCALELAB_ROOT == '$prefix/share/scalelab' && -f \$SCALELAB_ROOT/slurm/strong.sbatch ]]
  scalelab-sweep strong pi --models serial,mpi --cores 1,2 --size 200k --reps 1 --warmup 0 \
    --out study.jsonl --quiet
  scalelab-report study.jsonl -o report >report.out
  scalelab-table study.jsonl >table.out
"

PYTHONPATH="$prefix/share/scalelab/python" /usr/bin/python3 - "$work/study" "$prefix" "$(cd "$(dirname "$0")/../.." && pwd)" <<'PY'
import os, sys
from scalelab.records import read_records  # the installed package's
study, prefix, source = sys.argv[1:]
records = read_records(os.path.join(study, "study.jsonl"))
layouts = sorted((r["model"], r["ranks"]) for r in records)
assert layouts == [("mpi", 1), ("mpi", 2), ("serial", 1)], layouts
assert all(r["verified"] and r["status"] == "ok" for r in records), "unverified records"
# The installed sweep ran the installed app, not the checkout's build.
apps = {arg for r in records for arg in r["sweep"]["command"] if "scalelab-pi" in arg}
assert apps == {os.path.join(prefix, "bin", "scalelab-pi")}, apps
report = os.path.join(study, "report", "report.html")
assert os.path.getsize(report) > 1000, "no report"
assert source not in open(report).read(), "the report refers to the source tree"
print(f"ok: {len(records)} verified records and a report from {prefix}")
PY
