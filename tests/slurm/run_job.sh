# Sourced by the SLURM tests (tests/slurm, tests/netns).
# run_job OUTPUT SBATCH-ARGS...: submits a job whose output goes to OUTPUT, waits until it
# ends (at most 300 s), prints the output, and fails the test (exit 1) unless it COMPLETED.
run_job() {
  local out=$1 job state=""
  shift
  job=$(sbatch --parsable --output "$out" "$@")
  echo "submitted job $job"
  for _ in $(seq 300); do
    state=$(scontrol show job "$job" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
    [[ $state == PENDING || $state == RUNNING || $state == CONFIGURING ]] || break
    sleep 1
  done
  cat "$out"
  [[ $state == COMPLETED ]] || { echo "FAIL: job $job ($out) ended $state"; exit 1; }
}
