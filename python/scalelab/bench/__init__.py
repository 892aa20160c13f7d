# SPDX-License-Identifier: MIT
"""The benchmark harness: ScaleLab's workloads beside the tools people would otherwise use,
as ratios measured the same way for every workload (docs/benchmarks.md). Each workload is
a short declarative spec in scalelab.bench.specs."""
