// SPDX-License-Identifier: MIT
#include "taskfarm.hpp"

namespace scalelab::taskfarm {
namespace {

// One worker per rank: static splits over ranks, or master-worker (--schedule dynamic|guided).
class TaskfarmMpi final : public TaskfarmWorkload {
 public:
  using TaskfarmWorkload::TaskfarmWorkload;
  void run(const RunContext& ctx) override { run_distributed(ctx); }
};

}  // namespace

std::unique_ptr<Workload> make_mpi(const RunContext& ctx) {
  return std::make_unique<TaskfarmMpi>(ctx);
}

}  // namespace scalelab::taskfarm
