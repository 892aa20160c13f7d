// SPDX-License-Identifier: MIT
// Runs taskfarm tasks one process at a time, for a plain OS-level task farm to compare with:
//     seq 0 $((N-1)) | xargs -P2 -n1 scalelab-taskfarm-reference COSTS MEAN_WORK N SEED
// Each task is the very computation scalelab-taskfarm runs (apps/taskfarm/task.hpp, header
// only: no MPI or OpenMP, so a process starts as fast as a plain C++ program can), so the
// two differ only in who deals the tasks: xargs and the kernel, or ScaleLab's schedules.
// Prints, per task: "task=I result=R busy_s=S" (R: the task's 64-bit result, S: seconds).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "task.hpp"

namespace {

bool parse_u64(const char* text, std::uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(text, &end, 10);
  return *text != '\0' && *end == '\0' && text[0] != '-';
}

}  // namespace

int main(int argc, char** argv) {
  using scalelab::taskfarm::TaskSet;
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s COSTS MEAN_WORK TASKS SEED INDEX...\n", argv[0]);
    return 2;
  }
  const auto costs = scalelab::taskfarm::parse_costs(argv[1]);
  TaskSet set;
  if (!costs || !parse_u64(argv[2], set.mean_work) || !parse_u64(argv[3], set.tasks) ||
      !parse_u64(argv[4], set.seed)) {
    std::fprintf(stderr, "%s: bad COSTS, MEAN_WORK, TASKS or SEED\n", argv[0]);
    return 2;
  }
  set.costs = *costs;
  for (int a = 5; a < argc; ++a) {
    std::uint64_t task = 0;
    if (!parse_u64(argv[a], task) || task >= set.tasks) {
      std::fprintf(stderr, "%s: bad task index '%s'\n", argv[0], argv[a]);
      return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t result = set.result(task);
    const double busy =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("task=%llu result=%llu busy_s=%.9f\n", static_cast<unsigned long long>(task),
                static_cast<unsigned long long>(result), busy);
  }
  return 0;
}
