// SPDX-License-Identifier: MIT
#pragma once

// Which worker runs which task: the three schedules, as OpenMP defines them, written once
// for the MPI and hybrid models (the openmp model hands them to the OpenMP runtime itself).

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

#include "scalelab/partition.hpp"

namespace scalelab::taskfarm {

// static: fixed assignment decided up front; dynamic: workers take `chunk` tasks at a time
// when they run out; guided: like dynamic, but a take is a share of what is left (never
// below `chunk`), so takes start big and shrink towards the end.
enum class Schedule { kStatic, kDynamic, kGuided };

inline std::optional<Schedule> parse_schedule(std::string_view name) {
  if (name == "static") return Schedule::kStatic;
  if (name == "dynamic") return Schedule::kDynamic;
  if (name == "guided") return Schedule::kGuided;
  return std::nullopt;
}

// OpenMP's name for a schedule. chunk 0 means OpenMP's default for it (static: one block
// per thread; dynamic and guided: 1), which is also what 0 means everywhere here.
inline omp_sched_t openmp_kind(Schedule schedule) {
  switch (schedule) {
    case Schedule::kStatic:
      return omp_sched_static;
    case Schedule::kDynamic:
      return omp_sched_dynamic;
    case Schedule::kGuided:
      return omp_sched_guided;
  }
  return omp_sched_static;
}

// Calls f(task) for every task `worker` owns under schedule(static, chunk) over `workers`:
// chunk 0 is one near-equal block per worker; otherwise chunks of `chunk` tasks dealt
// round-robin (chunk c goes to worker c % workers).
template <class TaskFn>
void for_each_static_task(std::uint64_t tasks, std::uint64_t workers, std::uint64_t worker,
                          std::uint64_t chunk, TaskFn&& f) {
  if (chunk == 0) {
    const Range mine = block_range(tasks, workers, worker);
    for (std::uint64_t i = mine.begin; i < mine.end; ++i) f(i);
    return;
  }
  for (std::uint64_t begin = worker * chunk; begin < tasks; begin += workers * chunk) {
    const std::uint64_t end = std::min(tasks, begin + chunk);
    for (std::uint64_t i = begin; i < end; ++i) f(i);
  }
}

// How many tasks one take removes from `remaining` when `takers` share them (dynamic or
// guided; chunk 0 means 1). Never more than remaining, never 0 while tasks remain.
constexpr std::uint64_t take_size(Schedule schedule, std::uint64_t remaining, std::uint64_t takers,
                                  std::uint64_t chunk) {
  const std::uint64_t least = std::max<std::uint64_t>(chunk, 1);
  std::uint64_t take = least;
  if (schedule == Schedule::kGuided) {
    take = std::max(least, (remaining + takers - 1) / std::max<std::uint64_t>(takers, 1));
  }
  return std::min(take, remaining);
}

}  // namespace scalelab::taskfarm
