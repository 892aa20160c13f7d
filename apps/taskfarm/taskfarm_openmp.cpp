// SPDX-License-Identifier: MIT
#include <omp.h>

#include "taskfarm.hpp"

namespace scalelab::taskfarm {
namespace {

// The OpenMP runtime deals the tasks: --schedule and --chunk become exactly OpenMP's
// schedule clause (through schedule(runtime)), so what is measured is libgomp's scheduler.
class TaskfarmOpenMP final : public TaskfarmWorkload {
 public:
  using TaskfarmWorkload::TaskfarmWorkload;
  void run(const RunContext& ctx) override {
    begin_rep();
    std::vector<WorkerTally> tallies(static_cast<std::size_t>(ctx.threads));
    omp_set_schedule(openmp_kind(schedule_), static_cast<int>(chunk_));
#pragma omp parallel
    {
      WorkerTally& mine = tallies[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(runtime) nowait
      for (std::uint64_t task = 0; task < set_.tasks; ++task) execute_task(task, mine);
    }
    end_rep(ctx, tallies);
  }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(std::shared_ptr<const Params> params) {
  return std::make_unique<TaskfarmOpenMP>(std::move(params));
}

}  // namespace scalelab::taskfarm
