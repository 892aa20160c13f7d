# SPDX-License-Identifier: MIT
"""ScaleLab's Python tools: run records, statistics, sweeps, plots, reports and models."""
