# SPDX-License-Identifier: MIT
# Sourced by the SLURM tests (tests/slurm, tests/netns).
# wait_job ID: waits until job ID ends (at most 300 s) and prints its final state.
wait_job() {
  local state=""
  for _ in $(seq 300); do
    state=$(scontrol show job "$1" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
    [[ $state == PENDING || $state == RUNNING || $state == CONFIGURING ]] || break
    sleep 1
  done
  echo "$state"
}

# run_job OUTPUT SBATCH-ARGS...: submits a job whose output goes to OUTPUT, waits until it
# ends, prints the output, and fails the test (exit 1) unless it COMPLETED.
run_job() {
  local out=$1 job state
  shift
  job=$(sbatch --parsable --output "$out" "$@")
  echo "submitted job $job"
  state=$(wait_job "$job")
  cat "$out"
  [[ $state == COMPLETED ]] || { echo "FAIL: job $job ($out) ended $state"; exit 1; }
}
