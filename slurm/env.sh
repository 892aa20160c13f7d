# Sourced by every ScaleLab SLURM job before it runs anything. Adapt it to your site here,
# in one place: load modules, pick the MPI transport, set binding.
#
# Site adaptation (examples):
#   module load gcc/12 openmpi/4.1 hdf5-mpi eigen      # if your site uses environment modules
#   export OMPI_MCA_btl=self,vader,tcp                  # or leave unset for the site's default
#   export OMPI_MCA_btl_tcp_if_include=ib0              # pin TCP traffic to a network
set -u

# Root is allowed only because the test machines run as root; harmless elsewhere.
export OMPI_ALLOW_RUN_AS_ROOT=1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# UCX does not work on ScaleLab's test machines; ob1 with shared memory within a node and
# TCP between nodes works everywhere OpenMPI does. Remove on a cluster with InfiniBand.
export OMPI_MCA_pml=${OMPI_MCA_pml:-ob1}
export OMPI_MCA_btl=${OMPI_MCA_btl:-self,vader,tcp}

# SLURM's SIGTERM before the time limit reaches mpirun, which forwards it to the ranks and
# kills them this many seconds later (default 1): long enough for heat to finish the
# checkpoint it starts on SIGTERM, so the resubmitted job restarts from it.
export OMPI_MCA_odls_base_sigkill_timeout=${OMPI_MCA_odls_base_sigkill_timeout:-30}

# One OpenMP thread per allocated CPU of a task, each on its own core, packed together.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export OMP_PLACES=cores
export OMP_PROC_BIND=close

# A one-box test cluster (slurm/local-cluster.sh, its nodes have feature "onebox") runs
# every fake node on the same machine:
# - binding each node's ranks to "its" first core would stack them all on CPU 0: bind none;
# - when the nodes share one host name (slurmd on loopback), OpenMPI's shared-memory BTL
#   (vader), which names its segments by host, collides between the daemons of two fake
#   nodes and ranks crash in vader: ranks talk TCP over loopback instead. In the virtual
#   cluster's namespaces (--virtual-cluster) each node has its own host name and network.
# Real nodes have distinct host names and keep core binding and shared memory.
SCALELAB_BIND_TO=core
if [[ ${SLURM_JOB_NUM_NODES:-1} -gt 1 ]] && command -v scontrol >/dev/null; then
  job_nodes=$(scontrol show node "${SLURM_JOB_NODELIST}" 2>/dev/null || true)
  node_hosts=$(sed -n 's/.*NodeHostName=\([^ ]*\).*/\1/p' <<<"$job_nodes" | sort -u | wc -l)
  onebox=$(grep -c "AvailableFeatures=onebox" <<<"$job_nodes" || true)
  if [[ $onebox -eq ${SLURM_JOB_NUM_NODES} ]]; then
    SCALELAB_BIND_TO=none
    # The nodes' ranks share the same few cores: a rank spinning while it waits for a
    # message holds the core its peer needs (TCP round trips of milliseconds); yield it.
    export OMPI_MCA_mpi_yield_when_idle=${OMPI_MCA_mpi_yield_when_idle:-1}
  fi
  if [[ $node_hosts -eq 1 ]]; then
    SCALELAB_BIND_TO=none
    export OMPI_MCA_btl=self,tcp
  fi
fi
export SCALELAB_BIND_TO
