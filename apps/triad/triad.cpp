// SPDX-License-Identifier: MIT
#include "triad.hpp"

#include <CLI/CLI.hpp>

#include <cmath>
#include <limits>

#include "scalelab/errors.hpp"
#include "scalelab/machine.hpp"
#include "scalelab/number_parse.hpp"
#include "scalelab/parallel.hpp"

namespace scalelab::triad {

void TriadWorkload::setup(const RunContext& ctx) {
  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  if (ctx.global_size < ranks) {
    throw UsageError("--size: " + std::to_string(ctx.global_size) +
                     " elements cannot be split over " + std::to_string(ranks) + " ranks");
  }
  local_ = block_range(ctx.global_size, ranks, static_cast<std::uint64_t>(ctx.comm.rank()));
  stores_ = resolve_stores(params_->stores, memory_bytes_per_rank(ctx));
  a_.resize(local_.size());
  b_.resize(local_.size());
  c_.resize(local_.size());
  // First touch with the split the timed loop uses (serial variants: one thread).
  parallel_blocks({0, local_.size()}, [&](Range block) {
    for (std::uint64_t i = block.begin; i < block.end; ++i) {
      a_[i] = kInitialA;
      b_[i] = initial_b(local_.begin + i);
      c_[i] = initial_c(local_.begin + i);
    }
  });
}

void TriadWorkload::triad_local() {
  triad(a_.data(), b_.data(), c_.data(), params_->scalar, local_.size(), stores_);
}

void TriadWorkload::triad_threaded() {
  const double s = params_->scalar;
  parallel_blocks({0, local_.size()}, [&](Range block) {
    triad(a_.data() + block.begin, b_.data() + block.begin, c_.data() + block.begin, s,
          block.size(), stores_);
  });
}

Check TriadWorkload::verify(const RunContext& ctx) {
  const double s = params_->scalar;
  const double tolerance = 2.0 * std::numeric_limits<double>::epsilon();
  std::uint64_t wrong = 0;
  double max_rel_error = 0;
#pragma omp parallel for reduction(+ : wrong) reduction(max : max_rel_error)
  for (std::uint64_t i = 0; i < local_.size(); ++i) {
    const std::uint64_t g = local_.begin + i;
    const double expected = initial_b(g) + s * initial_c(g);
    const double scale = std::abs(initial_b(g)) + std::abs(s * initial_c(g));
    const double rel = std::abs(a_[i] - expected) / scale;
    const bool inputs_intact = b_[i] == initial_b(g) && c_[i] == initial_c(g);
    if (!(rel <= tolerance) || !inputs_intact) ++wrong;
    max_rel_error = std::max(max_rel_error, std::isfinite(rel) ? rel : 1.0);
  }
  Check check;
  check.what = "every element equals its scalar replay b + s*c (b, c unchanged)";
  const std::uint64_t wrong_total = ctx.comm.sum(wrong);
  check.value = static_cast<double>(wrong_total);
  check.expected = 0;
  check.error = ctx.comm.max(max_rel_error);
  check.passed = wrong_total == 0;
  check.details = Json::object({{"wrong_elements", wrong_total}, {"tolerance_rel", tolerance}});
  return check;
}

Json TriadWorkload::params(const RunContext& ctx) const {
  return Json::object({{"elements", ctx.global_size},
                       {"scalar", params_->scalar},
                       {"stores", stores_name(stores_)},
                       {"bytes_per_array", 8.0 * static_cast<double>(ctx.global_size)}});
}

Json TriadWorkload::result(const RunContext& ctx) const {
  // A digest of a few elements keeps the record small but shows the answer.
  return Json::object({{"elements", ctx.global_size}, {"scalar", params_->scalar}});
}

Metrics TriadWorkload::metrics(const RunContext& ctx, double seconds_per_rep) const {
  Metrics m;
  const double n = static_cast<double>(ctx.global_size);
  m.bytes_per_rep = 3.0 * 8.0 * n;
  m.flops_per_rep = 2.0 * n;
  m.fom.set("GB_per_s", m.bytes_per_rep / seconds_per_rep / 1e9);
  m.fom.set("ms_per_rep", seconds_per_rep * 1e3);
  return m;
}

double TriadWorkload::memory_bytes_per_rank(const RunContext& ctx) const {
  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  const std::uint64_t largest_block = (ctx.global_size + ranks - 1) / ranks;
  return 3.0 * sizeof(double) * static_cast<double>(largest_block);
}

std::uint64_t default_elements() {
  constexpr std::uint64_t kStep = 1ULL << 20;
  const std::uint64_t need = 4 * last_level_cache_bytes() / (3 * sizeof(double));
  return (need + kStep - 1) / kStep * kStep;
}

AppDefinition make_app() {
  AppDefinition app;
  auto params = set_params<Params>(app);
  app.workload = "triad";
  app.description = "STREAM triad a = b + s*c (memory-bound)";
  app.size_meaning = "elements per array (default: 3 arrays = 4x last-level cache)";
  app.default_size = default_elements;
  app.add_options = [params](CLI::App& cli) {
    cli.add_option_function<std::string>(
           "--scalar",
           [params](const std::string& text) {
             const double s = parse_finite_option(text, "--scalar");
             if (!(std::abs(s) <= kMaxScalar)) {
               throw UsageError("--scalar: " + text +
                                " is beyond +-5e307: b + s*c would overflow a double");
             }
             params->scalar = s;
           },
           "The scalar s in a = b + s*c, finite and within +-5e307 (default 3)")
        ->type_name("S");
    add_stores_option(cli, params->stores);
  };
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  app.variants.add("eigen", {false, false}, make_eigen);
  return app;
}

}  // namespace scalelab::triad
