// SPDX-License-Identifier: MIT
#include "groupby.hpp"

namespace scalelab::groupby {
namespace {

// Each rank its byte range (or HDF5 hyperslab); tables gathered to rank 0 and merged.
class GroupbyMpi final : public GroupbyWorkload {
 public:
  using GroupbyWorkload::GroupbyWorkload;
  void run(const RunContext& ctx) override {
    aggregate_local(/*threaded=*/false);
    finish(ctx, /*across_ranks=*/true);
  }
};

}  // namespace

std::unique_ptr<Workload> make_mpi(const RunContext& ctx) {
  return std::make_unique<GroupbyMpi>(ctx);
}

}  // namespace scalelab::groupby
