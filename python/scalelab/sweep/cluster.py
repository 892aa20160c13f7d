# SPDX-License-Identifier: MIT
"""Running a sweep on the virtual cluster (slurm/virtual-cluster.sh): where ranks go, the
mpirun options that reach the namespace hosts, and what the records say about it.

Two placements: `spread` puts rank i on host i mod H (mpirun --map-by node), so ranks on
different hosts talk TCP over the bridge (horizontal scaling); `packed` puts every rank on
the first host, where they talk shared memory. The mpirun options come from the cluster
script itself (`mpirun-args`), so they are written once.
"""

import os
import subprocess

from scalelab.paths import ROOT
from scalelab.sweep.config import UsageError

CLUSTER_SCRIPT = os.path.join(ROOT, "slurm", "virtual-cluster.sh")
PLACEMENTS = ("spread", "packed")


class VirtualCluster:
    def __init__(self, placement):
        if placement not in PLACEMENTS:
            raise UsageError(f"--virtual-cluster: '{placement}' is not one of "
                             f"{', '.join(PLACEMENTS)}")
        self.placement = placement
        self.hosts = self._ask("hosts")
        self.mpirun_args = self._ask("mpirun-args")
        self.prefix = self.hosts[0].rsplit("-h", 1)[0]   # hosts are <prefix>-h<k>

    @staticmethod
    def _ask(command):
        result = subprocess.run([CLUSTER_SCRIPT, command], capture_output=True, text=True)
        if result.returncode != 0:
            message = result.stderr.strip().splitlines()
            raise UsageError(f"--virtual-cluster: {message[-1] if message else 'failed'}")
        return result.stdout.split("\n")[:-1]

    def placement_args(self, ranks):
        if self.placement == "packed":
            return ["--host", f"{self.hosts[0]}:{ranks}"]
        return ["--map-by", "node"]

    def btl(self):
        """The BTL list the cluster's mpirun options select."""
        at = self.mpirun_args.index("btl")
        return self.mpirun_args[at + 1]

    def describe(self):
        where = f"one rank per host over {len(self.hosts)} hosts" \
            if self.placement == "spread" else f"all ranks on {self.hosts[0]}"
        return f"virtual cluster '{self.prefix}' ({where})"

    def provenance(self):
        return {"prefix": self.prefix, "placement": self.placement, "hosts": self.hosts}


def transport(record, btl):
    """How the record's ranks talked: "none" (one rank), "tcp" when they ran on more than
    one host or shared memory was not allowed, else "shared-memory"."""
    provenance = record.get("provenance") or {}
    hosts = {p.get("host") for p in provenance.get("placement") or []}
    if record.get("ranks", 1) <= 1:
        return "none"
    if len(hosts) > 1 or "vader" not in btl.split(","):
        return "tcp"
    return "shared-memory"
