# SPDX-License-Identifier: MIT
# Sourced by every ScaleLab SLURM job (slurm/scaling-job.sh) before it runs anything: what
# every site needs, then the site file SCALELAB_SITE names (slurm/sites/: one cluster's
# partition, account, modules, launcher and MPI transport; slurm/submit-scaling.sh --site
# sets it). Without a site file the MPI library's own defaults hold.
set -u

die_env() { echo "scalelab: error: $*" >&2; exit 2; }

# SLURM's SIGTERM before the time limit reaches mpirun, which forwards it to the ranks and
# kills them this many seconds later (default 1): long enough for heat to finish the
# checkpoint it starts on SIGTERM, so the resubmitted job restarts from it (Open MPI only;
# other launchers ignore it).
export OMPI_MCA_odls_base_sigkill_timeout=${OMPI_MCA_odls_base_sigkill_timeout:-30}

# One OpenMP thread per allocated CPU of a task, each on its own core, packed together.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export OMP_PLACES=cores
export OMP_PROC_BIND=close
# Ranks are bound to cores unless the site says otherwise (python/scalelab/sweep/launch.py).
export SCALELAB_BIND_TO=core

if [[ -n ${SCALELAB_SITE:-} ]]; then
  [[ -f $SCALELAB_SITE && -r $SCALELAB_SITE ]] ||
    die_env "site file '$SCALELAB_SITE' (SCALELAB_SITE) is not a readable file"
  source "$SCALELAB_SITE"
  if [[ -n ${SITE_MODULES:-} ]]; then
    # Batch shells may start without `module`: take it from the system's login scripts.
    # Neither Lmod nor Tcl modules are written for `set -u`.
    set +u
    if ! type module >/dev/null 2>&1; then
      for init in /etc/profile.d/lmod.sh /etc/profile.d/modules.sh; do
        [[ -r $init ]] && { source "$init"; break; }
      done
    fi
    type module >/dev/null 2>&1 || die_env "site file $SCALELAB_SITE: SITE_MODULES is set but" \
      "this node has no 'module' command"
    # What went wrong goes into the one error line: module systems explain at length.
    module_messages=$(mktemp)
    # shellcheck disable=SC2086  # a list of module names
    if ! module load $SITE_MODULES 2>"$module_messages"; then
      reason=$(grep -m2 -v '^[[:space:]]*$' "$module_messages" | tr '\n' ' ' |
        sed 's/^Lmod has detected the following error: *//; s/ *$//')
      rm -f "$module_messages"
      die_env "site file $SCALELAB_SITE: module load $SITE_MODULES failed: $reason"
    fi
    cat "$module_messages" >&2
    rm -f "$module_messages"
    set -u
  fi
  if declare -F site_job_environment >/dev/null; then
    site_job_environment
  fi
  export SCALELAB_LAUNCHER=${SITE_LAUNCHER:-mpirun}
  [[ -z ${SITE_SRUN_MPI:-} ]] || export SCALELAB_SRUN_MPI=$SITE_SRUN_MPI
fi
