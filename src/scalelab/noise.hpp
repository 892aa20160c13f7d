// SPDX-License-Identifier: MIT
#pragma once

#include "scalelab/comm.hpp"
#include "scalelab/json.hpp"
#include "scalelab/proc_readings.hpp"
#include "scalelab/timer.hpp"

namespace scalelab {

// How loaded a node was while a run was measured (warm-up + timed reps): the record's
// "noise" block (docs/records.md). Other processes' CPU time is what turns a scaling
// study into fiction on a shared machine, so it is measured, not assumed away. NaN members
// were unreadable here and serialise as null.
struct NodeNoise {
  double loadavg_1m = 0;
  double wall_s = 0;
  int cpus = 0;
  double busy_cpu_s = 0;     // node CPU time not idle over the run
  double own_cpu_s = 0;      // CPU time of this run's ranks on the node
  double foreign_cpu_s = 0;  // max(0, busy - own): other processes
  double foreign_share = 0;  // foreign_cpu_s / (wall_s * cpus)
  double steal_s = 0;
  double freq_mhz = 0;
  Json to_json() const;
};

// The node's noise between two /proc/stat readings (nullptr: unreadable), given the run's
// wall time, the node's online CPUs and the CPU time its ranks used.
NodeNoise node_noise(const CpuTimes* before, const CpuTimes* after, double wall_s, int cpus,
                     double own_cpu_s, double loadavg_1m, double freq_mhz);

// Reads the node's counters on construction (just before the warm-up); finish() reads them
// again (just after the last rep).
class NoiseProbe {
 public:
  NoiseProbe();
  // Collective: the noise of the node whose capacity other processes took most of, the
  // same on every rank.
  NodeNoise finish(const Comm& comm) const;

 private:
  WallStopwatch wall_;  // the host's time, also in a simulation: its load is the host's
  CpuTimes cpu_;
  bool cpu_readable_ = false;
  double own_cpu_s_ = 0;
};

}  // namespace scalelab
