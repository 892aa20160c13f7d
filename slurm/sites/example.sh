# SPDX-License-Identifier: MIT
# A ScaleLab site file: everything one cluster needs, in one place. Copy it (e.g. to
# slurm/sites/mycluster.sh or anywhere), fill it in, and pass it to
# `slurm/submit-scaling.sh --site FILE` (or export SCALELAB_SITE=FILE before sbatch).
# It is a bash file: submit-scaling.sh reads the SITE_* variables when it submits; every job
# (slurm/env.sh) reads it again on the compute node, loads SITE_MODULES and then calls
# site_job_environment. Unset or empty means "the cluster's default".

# sbatch options of every job: partition, account to charge, quality of service.
SITE_PARTITION=compute
SITE_ACCOUNT=my-project
SITE_QOS=
# Whole nodes for the scaling jobs (sbatch --exclusive): other users' jobs on the same node
# would distort the timings. yes or no.
SITE_EXCLUSIVE=yes
# Cores of one compute node (tasks per node of the horizontal jobs); empty: ask sinfo.
SITE_CORES_PER_NODE=
# The CMake preset this cluster's build uses (docs/cluster.md, step 1): `portable` when the
# login node's CPU differs from the compute nodes', `release` (-march=native) when you build
# on a compute node, `mpich` for MPICH.
SITE_PRESET=portable
# Modules every job loads before it runs (module load ...): the compiler and MPI ScaleLab
# was built with, and ScaleLab itself when it is installed as a module.
SITE_MODULES="gcc/12 openmpi/4.1 scalelab"

# How MPI runs start: mpirun (Open MPI's, or MPICH's mpiexec: the sweep speaks both) or
# srun. With srun, SITE_SRUN_MPI names the PMI plugin the MPI library was built for
# (`srun --mpi=list` shows what the cluster offers): pmix for an Open MPI built with the
# cluster's PMIx, pmi2 for MPICH (see docs/cluster.md for what was tested).
SITE_LAUNCHER=mpirun
SITE_SRUN_MPI=

# Called in every job after the modules are loaded: MPI transport and anything else the
# cluster's documentation asks for. On InfiniBand leave Open MPI's pml/btl unset (it picks
# UCX); set them only to work around a broken fabric.
site_job_environment() {
  # export OMPI_MCA_btl_tcp_if_include=ib0      # pin TCP traffic (if any) to a network
  # export UCX_NET_DEVICES=mlx5_0:1             # one HCA port for UCX
  :
}
