# SPDX-License-Identifier: MIT
# Site file of the one-box test clusters (slurm/local-cluster.sh) for the MPICH build (mpich
# preset), its MPI runs started by srun: MPICH's PMI-2 client and Slurm's pmi2 plugin start
# together on Debian 12 (docs/cluster.md: which srun pairings work). Point the jobs at that
# build: export SCALELAB_BIN_DIR=<checkout>/build-mpich/bin.
source "$(dirname "${BASH_SOURCE[0]}")/local.sh"
SITE_PRESET=mpich
SITE_LAUNCHER=srun
SITE_SRUN_MPI=pmi2
