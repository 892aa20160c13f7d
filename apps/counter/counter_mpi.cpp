// SPDX-License-Identifier: MIT
#include "counter.hpp"

namespace scalelab::counter {
namespace {

// mpi-reduce: the distributed-memory reduction. Each rank counts privately; one MPI_Reduce
// combines the partial sums on rank 0.
class CounterMpiReduce final : public CounterWorkload {
 public:
  using CounterWorkload::CounterWorkload;
  void run(const RunContext& ctx) override {
    const Worker mine = worker(static_cast<std::uint64_t>(ctx.comm.rank()));
    record_total(sum_on_root(ctx.comm, count_private(mine.delta, mine.updates)));
  }
};

}  // namespace

std::unique_ptr<Workload> make_mpi(const RunContext& ctx) {
  std::string method = resolve_method("mpi", ctx.params<Params>().method);
  if (method == "mpi-rma") return make_mpi_rma(ctx);
  return std::make_unique<CounterMpiReduce>(ctx, std::move(method));
}

}  // namespace scalelab::counter
