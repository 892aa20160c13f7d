# SPDX-License-Identifier: MIT
"""Library behind scripts/sweep: study plans, launch commands, and the resumable runner."""
