// SPDX-License-Identifier: MIT
// The blocking models: each worker (the rank, or one of its OpenMP threads) has one
// connection and waits for each answer before it sends the next request.
#include "fetch.hpp"

namespace scalelab::fetch {
namespace {

// One request at a time per rank: serial on one rank, mpi on many.
class FetchOnePerRank final : public FetchWorkload {
 public:
  using FetchWorkload::FetchWorkload;
  void run(const RunContext& ctx) override { run_blocking(ctx, 1); }

 protected:
  std::uint64_t in_flight_per_rank(const RunContext&) const override { return 1; }
};

// One request per OpenMP thread: openmp on one rank, hybrid on many. The threads sleep in
// recv() while waiting, so far more of them than cores still pay: --concurrency C starts C
// of them in this model's own parallel region, beyond the driver's cap on --threads (which
// guards compute loops against absurd counts); the record's `threads` stays --threads, the
// count the rest of the run (verification) uses, and params.in_flight says C.
class FetchPerThread final : public FetchWorkload {
 public:
  using FetchWorkload::FetchWorkload;
  void run(const RunContext& ctx) override {
    run_blocking(ctx, static_cast<int>(in_flight_per_rank(ctx)));
  }

 protected:
  std::uint64_t in_flight_per_rank(const RunContext& ctx) const override {
    return params_->concurrency.value_or(static_cast<std::uint64_t>(ctx.threads));
  }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext& ctx) {
  return std::make_unique<FetchOnePerRank>(ctx);
}
std::unique_ptr<Workload> make_mpi(const RunContext& ctx) {
  return std::make_unique<FetchOnePerRank>(ctx);
}
std::unique_ptr<Workload> make_openmp(const RunContext& ctx) {
  return std::make_unique<FetchPerThread>(ctx);
}
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx) {
  return std::make_unique<FetchPerThread>(ctx);
}

}  // namespace scalelab::fetch
