// SPDX-License-Identifier: MIT
#include "load_stats.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace scalelab::taskfarm {

LoadStats load_stats(double makespan, std::vector<double> busy, std::vector<std::uint64_t> tasks) {
  LoadStats s;
  s.makespan = makespan;
  s.total_busy = std::accumulate(busy.begin(), busy.end(), 0.0);
  const double workers = static_cast<double>(std::max<std::size_t>(busy.size(), 1));
  s.ideal = s.total_busy / workers;
  // A zero makespan (no clock tick) has no meaningful ratio: NaN is written as null.
  s.efficiency = makespan > 0 ? s.ideal / makespan : std::numeric_limits<double>::quiet_NaN();
  s.idle_fraction = 1.0 - s.efficiency;
  const double max_busy = busy.empty() ? 0.0 : *std::max_element(busy.begin(), busy.end());
  s.imbalance = s.ideal > 0 ? max_busy / s.ideal : 1.0;
  s.busy = std::move(busy);
  s.tasks = std::move(tasks);
  return s;
}

std::size_t median_rep(const std::vector<LoadStats>& reps) {
  std::vector<std::size_t> order(reps.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return reps[a].makespan < reps[b].makespan; });
  return order.empty() ? 0 : order[(order.size() - 1) / 2];
}

void LoadStats::write_to(Json& out) const {
  Json busy_s = Json::array();
  for (const double b : busy) busy_s.push(b);
  Json tasks_run = Json::array();
  for (const std::uint64_t t : tasks) tasks_run.push(t);
  out.set("makespan_s", makespan)
      .set("ideal_s", ideal)
      .set("efficiency", efficiency)
      .set("imbalance", imbalance)
      .set("idle_fraction", idle_fraction)
      .set("busy_s", std::move(busy_s))
      .set("tasks_per_worker", std::move(tasks_run));
}

}  // namespace scalelab::taskfarm
