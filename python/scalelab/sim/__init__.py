# SPDX-License-Identifier: MIT
"""SimGrid/SMPI simulation of ScaleLab runs: platform files and smpirun command lines."""
