// SPDX-License-Identifier: MIT
#include "taskfarm.hpp"

namespace scalelab::taskfarm {
namespace {

// One worker, the tasks in index order (which is arrival order): the reference every
// schedule must agree with.
class TaskfarmSerial final : public TaskfarmWorkload {
 public:
  using TaskfarmWorkload::TaskfarmWorkload;
  void run(const RunContext& ctx) override {
    begin_rep(ctx);
    std::vector<WorkerTally> tally(1);
    for (std::uint64_t task = 0; task < set_.tasks; ++task) execute_when_arrived(task, tally[0]);
    end_rep(ctx, tally);
  }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext& ctx) {
  return std::make_unique<TaskfarmSerial>(ctx);
}

}  // namespace scalelab::taskfarm
