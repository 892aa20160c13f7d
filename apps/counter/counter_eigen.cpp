// SPDX-License-Identifier: MIT
#include "scalelab/eigen.hpp"

#include <algorithm>

#include "counter.hpp"

namespace scalelab::counter {
namespace {

// vectorised: the worker's increments, laid out as an array, summed by Eigen. Its reduction
// keeps one partial sum per SIMD lane (8 int32 lanes per AVX2 register, unrolled) and adds the
// lanes once at the end: the same private-partial-sums idea as `reduction`, inside one core.
class CounterEigen final : public CounterWorkload {
 public:
  using CounterWorkload::CounterWorkload;

  void setup(const RunContext& ctx) override {
    CounterWorkload::setup(ctx);
    increments_ = Increments::Constant(kChunk, static_cast<std::int32_t>(worker(0).delta));
  }

  void run(const RunContext&) override {
    std::int64_t total = 0;
    for (std::uint64_t left = worker(0).updates; left > 0;) {
      const std::uint64_t n = std::min(left, kChunk);
      total += increments_.head(static_cast<Eigen::Index>(n)).sum();
      left -= n;
      // The chunk never changes, so the optimiser could sum it once and multiply; a compiler
      // barrier (no instruction) makes it assume the array changed and sum it every time.
      __asm__ __volatile__("" ::: "memory");
    }
    record_total(total);
  }

 private:
  // int32 lanes: twice as many per register as int64, and a chunk's sum cannot overflow.
  using Increments = Eigen::Array<std::int32_t, Eigen::Dynamic, 1>;
  static constexpr std::uint64_t kChunk = 4096;  // 16 KiB: stays in L1
  Increments increments_;
};

}  // namespace

std::unique_ptr<Workload> make_eigen(const RunContext& ctx) {
  std::string method = resolve_method("eigen", ctx.params<Params>().method);
  return std::make_unique<CounterEigen>(ctx, std::move(method));
}

}  // namespace scalelab::counter
