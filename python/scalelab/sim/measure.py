# SPDX-License-Identifier: MIT
"""Running one ScaleLab command that writes one record, measured (mpirun) or simulated
(smpirun), for the simulation tools that calibrate and validate against this machine."""

import os
import subprocess
import tempfile

from scalelab.records import read_records
from scalelab.sim.platforms import PlatformError


def mpi_env():
    """Open MPI as root, over shared memory unless the caller's environment says otherwise."""
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    env.setdefault("OMPI_MCA_pml", "ob1")
    env.setdefault("OMPI_MCA_btl", "self,vader")
    return env


def run_for_record(argv, what):
    """Runs a ScaleLab command that writes one record; returns the record. A failure is a
    PlatformError naming `what` and the command's first line of error."""
    with tempfile.TemporaryDirectory(prefix="scalelab-run-") as tmp:
        out = os.path.join(tmp, "run.jsonl")
        result = subprocess.run(argv + ["--quiet", "--output", out], capture_output=True,
                                text=True, env=mpi_env())
        if result.returncode != 0 or not os.path.exists(out):
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            raise PlatformError(f"{what} failed: {lines[0] if lines else result.returncode}")
        return read_records(out, warn=None)[-1]
