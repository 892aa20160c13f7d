// SPDX-License-Identifier: MIT
#pragma once

// Shared helpers for workload tests: run a configuration through the production driver
// (execute) and read the record, exactly as the binaries do.
#include <optional>
#include <string>
#include <vector>

#include "scalelab/cli.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/driver.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::testing {

inline CommonOptions small_run(const std::string& model, int threads, std::uint64_t size,
                               std::uint64_t seed = 42) {
  CommonOptions options;
  options.model = model;
  options.threads = threads;
  options.size = size;
  options.reps = 2;
  options.warmup = 0;
  options.seed = seed;
  options.quiet = true;
  return options;
}

// The models a workload can run at this rank count, with the thread counts to try.
struct Layout {
  std::string model;
  int threads;
};

inline std::vector<Layout> layouts_for(const AppDefinition& app, int ranks) {
  std::vector<Layout> out;
  for (const std::string& model : app.variants.models()) {
    const VariantTraits& traits = app.variants.traits(model);
    if (ranks > 1 && !traits.multi_rank) continue;
    for (int threads = 1; threads <= (traits.multi_thread ? 3 : 1); ++threads) {
      out.push_back({model, threads});
    }
  }
  return out;
}

// Exit code of execute(), with Error exceptions mapped to their codes.
inline int exit_code_of(const AppDefinition& app, const CommonOptions& options, const Comm& comm) {
  try {
    return execute(app, options, comm).exit_code;
  } catch (const Error& e) {
    return e.code();
  }
}

}  // namespace scalelab::testing
