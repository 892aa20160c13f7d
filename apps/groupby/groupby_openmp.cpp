// SPDX-License-Identifier: MIT
#include "groupby.hpp"

namespace scalelab::groupby {
namespace {

// One piece of the file per OpenMP thread (split at line boundaries), per-thread tables merged.
class GroupbyOpenmp final : public GroupbyWorkload {
 public:
  using GroupbyWorkload::GroupbyWorkload;
  void run(const RunContext& ctx) override {
    aggregate_local(/*threaded=*/true);
    finish(ctx, /*across_ranks=*/false);
  }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(const RunContext& ctx) {
  return std::make_unique<GroupbyOpenmp>(ctx);
}

}  // namespace scalelab::groupby
