# SPDX-License-Identifier: MIT
# Site file of the one-box test clusters: slurm/local-cluster.sh, with its slurmd on loopback
# or inside the virtual cluster's namespace hosts (slurm/virtual-cluster.sh). Every fake
# node is this machine. `slurm/local-cluster.sh env` prints the line that selects it.

SITE_PARTITION=local
SITE_EXCLUSIVE=no
SITE_PRESET=release
SITE_LAUNCHER=mpirun   # Debian 12's srun and Open MPI do not start together (docs/cluster.md)

site_job_environment() {
  # The test machines run as root, which Open MPI refuses unless told it is intended.
  export OMPI_ALLOW_RUN_AS_ROOT=1
  export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  # UCX does not work here; ob1 with shared memory within a node and TCP between nodes
  # works everywhere Open MPI does.
  export OMPI_MCA_pml=${OMPI_MCA_pml:-ob1}
  export OMPI_MCA_btl=${OMPI_MCA_btl:-self,vader,tcp}

  # The nodes (feature "onebox") share this machine's cores:
  # - binding each node's ranks to "its" first core would stack them all on CPU 0: bind none;
  # - when the nodes share one host name (slurmd on loopback), Open MPI's shared-memory BTL
  #   (vader), which names its segments by host, collides between the daemons of two fake
  #   nodes and ranks crash in vader: ranks talk TCP over loopback instead. In the virtual
  #   cluster's namespaces each node has its own host name and network.
  if [[ ${SLURM_JOB_NUM_NODES:-1} -gt 1 ]] && command -v scontrol >/dev/null; then
    local job_nodes node_hosts onebox
    job_nodes=$(scontrol show node "${SLURM_JOB_NODELIST}" 2>/dev/null || true)
    node_hosts=$(sed -n 's/.*NodeHostName=\([^ ]*\).*/\1/p' <<<"$job_nodes" | sort -u | wc -l)
    onebox=$(grep -c "AvailableFeatures=onebox" <<<"$job_nodes" || true)
    if [[ $onebox -eq ${SLURM_JOB_NUM_NODES} ]]; then
      SCALELAB_BIND_TO=none
      # A rank spinning while it waits for a message holds the core its peer needs (TCP
      # round trips of milliseconds); yield it.
      export OMPI_MCA_mpi_yield_when_idle=${OMPI_MCA_mpi_yield_when_idle:-1}
    fi
    if [[ $node_hosts -eq 1 ]]; then
      SCALELAB_BIND_TO=none
      export OMPI_MCA_btl=self,tcp
    fi
  fi
}
