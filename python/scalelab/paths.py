# SPDX-License-Identifier: MIT
"""Where the ScaleLab programs are, for the tools that start them."""

import os

# The checkout (or share/scalelab of an install): python/scalelab/ is two levels down, beside
# build/, slurm/ and scripts/.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The tools' launchers (bin/scalelab-<tool>) live beside the apps: not workloads.
TOOLS = ("sweep", "plot", "report", "table", "model", "latency-table", "heat-image")


def bin_dir():
    """$SCALELAB_BIN_DIR (the launchers in bin/ set it to their own directory, so an installed
    tool starts the installed apps), else this checkout's build/bin."""
    return os.environ.get("SCALELAB_BIN_DIR") or os.path.join(ROOT, "build", "bin")


def workloads(directory):
    """The workloads built in a bin directory: scalelab-<name> but no tool or reference."""
    if not os.path.isdir(directory):
        return []
    names = (entry[len("scalelab-"):] for entry in os.listdir(directory)
             if entry.startswith("scalelab-"))
    return sorted(name for name in names if name not in TOOLS and "reference" not in name)
