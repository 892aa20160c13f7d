# SPDX-License-Identifier: MIT
# Sourced by ScaleLab's scripts before they launch MPI programs.
# - These machines run as root, which OpenMPI refuses unless told it is intended.
# - UCX does not work here; naming the shared-memory transport (ob1 + vader) skips its probe.
#   Across real nodes, unset OMPI_MCA_btl (or add tcp) so ranks on different hosts can talk.
export OMPI_ALLOW_RUN_AS_ROOT=1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_pml=${OMPI_MCA_pml:-ob1}
export OMPI_MCA_btl=${OMPI_MCA_btl:-self,vader}
