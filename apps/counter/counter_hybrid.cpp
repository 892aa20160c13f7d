// SPDX-License-Identifier: MIT
#include "counter.hpp"

namespace scalelab::counter {
namespace {

// Both levels reduce: an OpenMP reduction over the rank's threads, then MPI_Reduce over ranks.
class CounterHybrid final : public CounterWorkload {
 public:
  using CounterWorkload::CounterWorkload;
  void run(const RunContext& ctx) override {
    record_total(sum_on_root(ctx.comm, count_threads_reduction(ctx)));
  }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(const RunContext& ctx) {
  return std::make_unique<CounterHybrid>(ctx,
                                         resolve_method("hybrid", ctx.params<Params>().method));
}

}  // namespace scalelab::counter
