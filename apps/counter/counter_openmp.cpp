// SPDX-License-Identifier: MIT
#include "counter.hpp"
#include "counter_racy.hpp"

namespace scalelab::counter {
namespace {

using SharedAdd = void (*)(std::int64_t& shared_total, std::int64_t delta, std::uint64_t updates);

// racy, atomic and critical: every thread updates the one shared total, each update protected
// by `Add` (or, for racy, not at all). They differ only in that per-update step.
template <SharedAdd Add>
class CounterShared final : public CounterWorkload {
 public:
  using CounterWorkload::CounterWorkload;
  void run(const RunContext& ctx) override {
    std::int64_t total = 0;
#pragma omp parallel shared(total)
    {
      const Worker mine = this_thread_worker(ctx);
      Add(total, mine.delta, mine.updates);
    }
    record_total(total);
  }
};

// reduction: each thread counts into its own copy; OpenMP adds the copies once at the end.
class CounterReduction final : public CounterWorkload {
 public:
  using CounterWorkload::CounterWorkload;
  void run(const RunContext& ctx) override { record_total(count_threads_reduction(ctx)); }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(const RunContext& ctx) {
  std::string method = resolve_method("openmp", ctx.params<Params>().method);
  if (method == "racy") return std::make_unique<CounterShared<racy_add>>(ctx, method);
  if (method == "atomic") return std::make_unique<CounterShared<add_atomic>>(ctx, method);
  if (method == "critical") return std::make_unique<CounterShared<add_critical>>(ctx, method);
  return std::make_unique<CounterReduction>(ctx, std::move(method));
}

}  // namespace scalelab::counter
