// SPDX-License-Identifier: MIT
#pragma once

// How evenly one repetition's work spread over the workers (threads, ranks, or rank x
// thread pairs): what a load-balancing plot needs, computed once for every model.

#include <cstdint>
#include <vector>

#include "scalelab/json.hpp"

namespace scalelab::taskfarm {

struct LoadStats {
  double makespan = 0;               // s from the common start to the last worker's end
  std::vector<double> busy;          // s each worker spent inside tasks
  std::vector<std::uint64_t> tasks;  // tasks each worker ran
  double total_busy = 0;             // s summed over workers
  double ideal = 0;                  // total_busy / workers: the makespan of a perfect split
  double efficiency = 0;             // ideal / makespan
  double imbalance = 1;              // max busy / mean busy (1 = perfectly even)
  double idle_fraction = 0;          // share of worker-seconds spent outside tasks

  // Adds the fields above to a record object (keys: makespan_s, ideal_s, efficiency,
  // imbalance, idle_fraction, busy_s, tasks_per_worker).
  void write_to(Json& out) const;
};

// Derives the ratios from one repetition's measurements (busy and tasks per worker).
LoadStats load_stats(double makespan, std::vector<double> busy, std::vector<std::uint64_t> tasks);

// Index of the repetition with the median makespan (the lower one of an even count): a
// real repetition whose per-worker numbers belong together, unlike per-worker medians.
std::size_t median_rep(const std::vector<LoadStats>& reps);

}  // namespace scalelab::taskfarm
