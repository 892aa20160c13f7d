# SPDX-License-Identifier: MIT
"""How a ScaleLab binary of the SMPI build (cmake --preset smpi) runs under smpirun."""

import os
import shutil
import subprocess
import tempfile

from scalelab.paths import ROOT
from scalelab.sim.platforms import REFERENCE_SPEED, PlatformError, host_slots

DEFAULT_BIN_DIR = os.path.join(ROOT, "build-smpi", "bin")

# smpirun's configuration for every simulated run (SimGrid's --cfg options):
SMPI_CONFIG = [
    # This machine's core runs REFERENCE_SPEED flops: a platform host of that speed takes
    # as long for a computation as this machine does (platforms.py).
    f"--cfg=smpi/host-speed:{REFERENCE_SPEED:.0f}f",
    # The platform's latency and bandwidth are MPI ping-pong figures: no correction factors.
    "--cfg=smpi/bw-factor:0:1",
    "--cfg=smpi/lat-factor:0:1",
    # Ranks are coroutines of one process: a global (static) is shared unless privatized.
    # ScaleLab keeps per-rank state in objects, not globals, so one copy of the binary
    # serves every rank (privatization would map a copy of it per rank: 1024 copies).
    "--cfg=smpi/privatization:no",
    # Collectives as trees, recursive doubling or Bruck, as Open MPI does at scale for small
    # messages. SimGrid's defaults for these are linear (allreduce = linear reduce + bcast,
    # barrier = everyone to rank 0), and SimGrid 3.32 simulates a collective that posts P
    # requests at once in time cubic in P (pi's 4096-rank allreduce and barrier: minutes).
    "--cfg=smpi/allreduce:rdb",
    "--cfg=smpi/barrier:ompi_bruck",
    "--cfg=smpi/bcast:binomial_tree",
    "--cfg=smpi/reduce:binomial",
    "--cfg=smpi/allgather:bruck",
    # A tree for MPI_Gather (the default is linear, and SimGrid's cost of simulating a linear
    # collective grows with the cube of the ranks; Comm::gather uses MPI_Gather for this).
    "--cfg=smpi/gather:ompi_binomial",
    # MPI_Alltoallv (wordcount's, groupby's, anagrams' shuffle) as P-1 pairwise exchanges
    # around a ring: the default posts all 2P requests at once, simulated in cubic time.
    "--cfg=smpi/alltoallv:ring",
    # MPI_Alltoall of small counts in log2(P) rounds, as Open MPI does for small messages.
    "--cfg=smpi/alltoall:bruck",
    # Only warnings and errors from SimGrid itself; the app's own output is unchanged.
    "--log=root.thres:warning",
    "--log=smpi_config.thres:error",
    # A rank's non-zero exit is the app's own one-line error already: no second line.
    "--log=smpi_kernel.thres:error",
]


def simgrid_version():
    """e.g. "3.32", from smpirun -version ("SimGrid version 3.32")."""
    smpirun = shutil.which("smpirun")
    if not smpirun:
        return None
    text = subprocess.run([smpirun, "-version"], capture_output=True, text=True).stdout
    return text.strip().split()[-1] if text.strip() else None


class Launch:
    """One smpirun command line with its hostfile (a temporary file, removed by close)."""

    def __init__(self, platform, ranks, binary, app_args):
        slots = host_slots(platform)
        if ranks > len(slots):
            raise PlatformError(f"--platform: '{platform}' has {len(slots)} cores, "
                                f"{ranks} ranks asked")
        fd, self.hostfile = tempfile.mkstemp(prefix="scalelab-smpi-hosts-", suffix=".txt")
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(slots[:ranks]) + "\n")
        self.argv = ([shutil.which("smpirun") or "smpirun", "-platform", platform,
                      "-hostfile", self.hostfile, "-np", str(ranks)]
                     + SMPI_CONFIG + [binary] + list(app_args))

    def close(self):
        if os.path.exists(self.hostfile):
            os.unlink(self.hostfile)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()


def provenance(platform, platform_name, wall_s):
    """What a simulated record adds under provenance.simulation. platform_name is what the
    user chose (a preset's name, or the file's name without .xml): a preset's file is
    temporary, so reports name the platform by it."""
    return {"engine": "SimGrid SMPI", "simgrid_version": simgrid_version(),
            "platform": os.path.abspath(platform), "platform_name": platform_name,
            "host_speed_flops": REFERENCE_SPEED,
            "config": SMPI_CONFIG, "wall_s": round(wall_s, 3)}
