// SPDX-License-Identifier: MIT
#include "pi.hpp"

#include <cmath>
#include <numbers>

#include "scalelab/errors.hpp"
#include "scalelab/parallel.hpp"

namespace scalelab::pi {

std::uint64_t count_hits_threaded(std::uint64_t key, Range samples) {
  std::uint64_t hits = 0;
  parallel_blocks(samples, [&](Range block) {
    const std::uint64_t mine = count_hits(key, block);
#pragma omp atomic
    hits += mine;
  });
  return hits;
}

void PiWorkload::setup(const RunContext& ctx) {
  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  if (ctx.global_size < ranks) {
    throw UsageError("--size: " + std::to_string(ctx.global_size) +
                     " samples cannot be split over " + std::to_string(ranks) + " ranks");
  }
  key_ = stream_key(ctx.seed);
  local_ = block_range(ctx.global_size, ranks, static_cast<std::uint64_t>(ctx.comm.rank()));
  hits_ = 0;
}

Check PiWorkload::verify(const RunContext& ctx) {
  // Recount with the reference loop over a cyclic split of fixed-size chunks: another kernel
  // and a different decomposition from every variant's block split, so an error in the
  // hand-vectorised kernel or in a variant's ranges cannot cancel out.
  constexpr std::uint64_t kChunk = 1 << 16;
  const std::uint64_t chunks = (ctx.global_size + kChunk - 1) / kChunk;
  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  const auto rank = static_cast<std::uint64_t>(ctx.comm.rank());
  std::uint64_t local = 0;
#pragma omp parallel for schedule(dynamic) reduction(+ : local)
  for (std::uint64_t c = rank; c < chunks; c += ranks) {
    const std::uint64_t end = std::min(ctx.global_size, (c + 1) * kChunk);
    local += count_hits_reference(key_, Range{c * kChunk, end});
  }
  const std::uint64_t replay = ctx.comm.sum(local);

  const double n = static_cast<double>(ctx.global_size);
  const double estimate = 4.0 * static_cast<double>(hits_) / n;
  const double p = std::numbers::pi / 4.0;
  const double sigma = 4.0 * std::sqrt(p * (1.0 - p) / n);
  const double bound = 6.0 * sigma;
  Check check;
  check.what =
      "hits equal a reference-loop recount over a cyclic split; |estimate - pi| <= 6 sigma";
  check.value = estimate;
  check.expected = std::numbers::pi;
  check.error = std::abs(estimate - std::numbers::pi);
  check.passed = replay == hits_ && check.error <= bound;
  check.details =
      Json::object({{"hits", hits_}, {"recount_hits", replay}, {"sigma", sigma}, {"bound", bound}});
  return check;
}

Json PiWorkload::params(const RunContext& ctx) const {
  return Json::object({{"samples", ctx.global_size}});
}

Json PiWorkload::result(const RunContext& ctx) const {
  const double estimate = 4.0 * static_cast<double>(hits_) / static_cast<double>(ctx.global_size);
  return Json::object({{"samples", ctx.global_size},
                       {"hits", hits_},
                       {"pi_estimate", estimate},
                       {"abs_error", std::abs(estimate - std::numbers::pi)}});
}

Metrics PiWorkload::metrics(const RunContext& ctx, double seconds_per_rep) const {
  Metrics m;
  m.fom.set("samples_per_s", static_cast<double>(ctx.global_size) / seconds_per_rep);
  return m;
}

AppDefinition make_app() {
  AppDefinition app;
  app.workload = "pi";
  app.description = "Monte Carlo estimate of pi (embarrassingly parallel, compute-bound)";
  app.size_meaning = "random samples";
  app.default_size = [] { return std::uint64_t{200'000'000}; };
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  app.variants.add("eigen", {false, false}, make_eigen);
  return app;
}

}  // namespace scalelab::pi
