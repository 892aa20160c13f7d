// SPDX-License-Identifier: MIT
#pragma once

// What one task of the farm is: its cost and its computation, both pure functions of
// (seed, task index, cost distribution), so any schedule on any number of workers computes
// exactly the same results. Dependency-free on purpose: the benchmark's one-task-per-process
// reference (bench/taskfarm_reference.cpp) includes this header and nothing else, so its
// process start-up stays as cheap as a plain C++ program's.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace scalelab::taskfarm {

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

// MurmurHash3's 64-bit finaliser: a bijection with full avalanche. A chain of them is a
// latency-bound dependent computation no compiler can shortcut or vectorise, which is what
// a CPU-bound task should be.
constexpr std::uint64_t fmix64(std::uint64_t z) {
  z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDULL;
  z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53ULL;
  return z ^ (z >> 33);
}

// One work unit: a step of the chain (about 7 ns on a 2.5 GHz Xeon).
constexpr std::uint64_t work_step(std::uint64_t x) {
  return fmix64(x + kGolden);
}

// `units` steps from x. advance(advance(x, a), b) == advance(x, a + b), which lets a worker
// pause inside a task (to answer MPI requests) without changing its result.
inline std::uint64_t advance(std::uint64_t x, std::uint64_t units) {
  for (std::uint64_t k = 0; k < units; ++k) x = work_step(x);
  return x;
}

// How task costs are drawn. Each has mean 1 (times --mean-work); "linear" is the ramp
// 0..2 over the task indices: costs sorted by size, the worst case for a static block split.
enum class Costs { kUniform, kLinear, kExponential, kBimodal };

inline std::optional<Costs> parse_costs(std::string_view name) {
  if (name == "uniform") return Costs::kUniform;
  if (name == "linear") return Costs::kLinear;
  if (name == "exponential") return Costs::kExponential;
  if (name == "bimodal") return Costs::kBimodal;
  return std::nullopt;
}

// Bimodal: 10 % of the tasks are 11x the cost of the others (5.5 vs 0.5, mean 1).
constexpr double kBimodalLargeShare = 0.1;
constexpr double kBimodalLarge = 5.5;
constexpr double kBimodalSmall = 0.5;

// A task's cost relative to the mean; u is the task's uniform draw in [0, 1).
inline double relative_cost(Costs costs, double u, std::uint64_t task, std::uint64_t tasks) {
  switch (costs) {
    case Costs::kUniform:
      return 2.0 * u;
    case Costs::kLinear:
      return 2.0 * (static_cast<double>(task) + 0.5) / static_cast<double>(tasks);
    case Costs::kExponential:
      return -std::log1p(-u);
    case Costs::kBimodal:
      return u < kBimodalLargeShare ? kBimodalLarge : kBimodalSmall;
  }
  return 1.0;
}

// Everything that defines the bag of tasks; every worker holds the same one.
struct TaskSet {
  Costs costs = Costs::kExponential;
  std::uint64_t tasks = 0;
  std::uint64_t mean_work = 0;  // mean cost in work units
  std::uint64_t seed = 0;

  // Separate keys for the cost draw and the computation, so the two are uncorrelated.
  std::uint64_t cost_key() const { return fmix64(seed ^ 0xC057C057C057C057ULL); }
  std::uint64_t start_key() const { return fmix64(seed ^ 0x57A2757A2757A275ULL); }

  // Work units of task i: at least 1, so every task does some work and is counted.
  std::uint64_t cost(std::uint64_t task) const {
    const double u = static_cast<double>(fmix64(cost_key() + task * kGolden) >> 11) * 0x1.0p-53;
    const double units =
        std::round(static_cast<double>(mean_work) * relative_cost(costs, u, task, tasks));
    return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(units));
  }

  std::uint64_t start(std::uint64_t task) const { return fmix64(start_key() + task * kGolden); }

  // The task's result: its start value advanced by its cost.
  std::uint64_t result(std::uint64_t task) const { return advance(start(task), cost(task)); }
};

// Units between two calls of a task's poll hook: ~15 us, short enough for a master that
// also computes to answer requests promptly, long enough that polling costs nothing.
constexpr std::uint64_t kPollUnits = 2048;

// Task i's result, calling poll() every kPollUnits units (equal to TaskSet::result).
template <class Poll>
std::uint64_t run_task(const TaskSet& set, std::uint64_t task, Poll&& poll) {
  std::uint64_t x = set.start(task);
  std::uint64_t units = set.cost(task);
  while (units > kPollUnits) {
    x = advance(x, kPollUnits);
    units -= kPollUnits;
    poll();
  }
  return advance(x, units);
}

}  // namespace scalelab::taskfarm
