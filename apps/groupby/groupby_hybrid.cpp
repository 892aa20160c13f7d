// SPDX-License-Identifier: MIT
#include "groupby.hpp"

namespace scalelab::groupby {
namespace {

// Ranks as in mpi, each rank's range split over its threads as in openmp.
class GroupbyHybrid final : public GroupbyWorkload {
 public:
  using GroupbyWorkload::GroupbyWorkload;
  void run(const RunContext& ctx) override {
    aggregate_local(/*threaded=*/true);
    finish(ctx, /*across_ranks=*/true);
  }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(const RunContext& ctx) {
  return std::make_unique<GroupbyHybrid>(ctx);
}

}  // namespace scalelab::groupby
