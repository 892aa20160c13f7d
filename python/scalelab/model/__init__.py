# SPDX-License-Identifier: MIT
"""Library behind scripts/model: an interconnect-aware performance model calibrated from
ScaleLab's own records (per-core compute rates, ping-pong alpha/beta, collective costs)."""
