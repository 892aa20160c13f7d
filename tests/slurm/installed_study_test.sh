#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/cluster.md end to end on the local SLURM cluster, from an installed prefix: install,
# then in a clean login shell `module load scalelab` (Lmod) and, from a directory outside the
# source tree, submit strong and weak studies with submit-scaling.sh --site --exclusive
# --account (afterok merges, the weak study after the strong one), wait for the merges, and
# report. Checks the records, the job chain and the options SLURM got.
# Exit 77 (ctest: skipped) where SLURM cannot be run (not root) or Lmod is missing.
#   installed_study_test.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$1
source "$root/tests/slurm/run_job.sh"
[[ $(id -u) -eq 0 ]] || { echo "skipped: the local SLURM cluster needs root"; exit 77; }
[[ -f /usr/share/lmod/lmod/init/bash ]] || { echo "skipped: Lmod not installed"; exit 77; }

work=$(mktemp -d /tmp/scalelab-installed-study.XXXXXX)
export SCALELAB_SLURM_DIR=$work/cluster SCALELAB_SLURM_PORT=${SCALELAB_SLURM_STUDY_TEST_PORT:-17877}
export SLURM_CONF=$SCALELAB_SLURM_DIR/slurm.conf
cleanup() {
  "$root/slurm/local-cluster.sh" stop || true
  rm -rf "$work"
}
trap cleanup EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
"$root/slurm/local-cluster.sh" start 2
mkdir "$work/study"
# as_user COMMANDS: a clean login shell with the module loaded, in the study directory.
as_user() {
  env -i HOME="$work" PATH=/usr/bin:/bin LANG=C.UTF-8 SLURM_CONF="$SLURM_CONF" bash -lc "
    set -euo pipefail
    module use '$work/prefix/share/modulefiles/lua'
    module load scalelab
    cd '$work/study'
    $1"
}
as_user '$SCALELAB_ROOT/slurm/submit-scaling.sh pi --nodes 1,2 --mode both --exclusive \
  --site $SCALELAB_ROOT/slurm/sites/local.sh --account physics --time 00:10:00 \
  -- --size 1M --reps 1 --warmup 0' | tee "$work/submit.out"

for merge in $(tail -1 "$work/submit.out"); do
  state=$(wait_job "$merge")
  [[ $state == COMPLETED ]] || {
    cat "$work"/study/results/slurm-*.out
    echo "FAIL: merge job $merge ended $state"
    exit 1
  }
done
as_user 'scalelab-report results/pi-strong-*.jsonl results/pi-weak-*.jsonl -o report >/dev/null'

# Each study's job ids, and what SLURM recorded about every job (kept MinJobAge=300 s).
strong=$(sed -n 's/^submit-scaling: strong: jobs \([0-9 ]*\) (study).*/\1/p' "$work/submit.out")
weak=$(sed -n 's/^submit-scaling: weak: jobs \([0-9 ]*\) (study).*/\1/p' "$work/submit.out")
for job in $strong $weak; do scontrol show job "$job" | tr -s ' ' '\n' >"$work/job-$job"; done
PYTHONPATH="$work/prefix/share/scalelab/python" /usr/bin/python3 - "$work" "$strong" "$weak" <<'PY'
import glob, os, sys
from scalelab.records import read_records
work, strong, weak = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
prefix = os.path.join(work, "prefix")
study = os.path.join(work, "study")

def job(job_id):
    fields = {}
    for line in open(os.path.join(work, f"job-{job_id}")):
        key, _, value = line.strip().partition("=")
        fields[key] = value
    return fields

for mode, jobs in (("strong", strong), ("weak", weak)):
    [merged] = glob.glob(os.path.join(study, "results", f"pi-{mode}-*.jsonl"))
    records = read_records(merged)
    assert records and all(r["verified"] and r["scaling"] == mode for r in records), merged
    layouts = {(r["model"], r["ranks"], r["threads"]) for r in records}
    # The thread job's baselines and threads, one node's ranks, both nodes' ranks.
    for layout in (("serial", 1, 1), ("openmp", 1, 2), ("mpi", 2, 1), ("mpi", 4, 1)):
        assert layout in layouts, f"{mode}: {layout} missing from {sorted(layouts)}"
    apps = {r["sweep"]["command"][r["sweep"]["command"].index("--model") - 1] for r in records}
    assert apps == {os.path.join(prefix, "bin", "scalelab-pi")}, apps
    assert glob.glob(merged[:-len(".jsonl")] + "-plots/*.png"), "the merge drew no plots"
    for job_id in jobs:
        fields = job(job_id)
        assert fields["Account"] == "physics", fields["Account"]
        assert fields["OverSubscribe"] == "NO", f"job {job_id} not exclusive"
        assert fields["Partition"] == "local", fields["Partition"]
# The weak study waited for the strong one: none of its jobs started before all ended.
strong_end = max(job(j)["EndTime"] for j in strong)
weak_start = min(job(j)["StartTime"] for j in weak)
assert weak_start >= strong_end, f"weak started {weak_start}, strong ended {strong_end}"
assert os.path.getsize(os.path.join(study, "report", "report.html")) > 1000
print(f"ok: strong jobs {strong} then weak jobs {weak}, merged, plotted and reported from {prefix}")
PY
