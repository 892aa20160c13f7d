// SPDX-License-Identifier: MIT
#include "taskfarm.hpp"

namespace scalelab::taskfarm {
namespace {

// Ranks x threads: static over all of them, or grants dealt to ranks and shared by their
// threads (--schedule dynamic|guided). Only the main thread talks MPI.
class TaskfarmHybrid final : public TaskfarmWorkload {
 public:
  using TaskfarmWorkload::TaskfarmWorkload;
  void run(const RunContext& ctx) override { run_distributed(ctx); }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(const RunContext& ctx) {
  return std::make_unique<TaskfarmHybrid>(ctx);
}

}  // namespace scalelab::taskfarm
