// SPDX-License-Identifier: MIT
#include "groupby.hpp"

namespace scalelab::groupby {
namespace {

// One scan of the whole input, one table.
class GroupbySerial final : public GroupbyWorkload {
 public:
  using GroupbyWorkload::GroupbyWorkload;
  void run(const RunContext& ctx) override {
    aggregate_local(/*threaded=*/false);
    finish(ctx, /*across_ranks=*/false);
  }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext& ctx) {
  return std::make_unique<GroupbySerial>(ctx);
}

}  // namespace scalelab::groupby
