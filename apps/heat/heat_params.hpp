// SPDX-License-Identifier: MIT
#pragma once

// heat's own command-line options (beside the common ones every app takes).

#include <cstdint>
#include <optional>
#include <string>

#include "scalelab/cli.hpp"
#include "scalelab/streaming_store.hpp"

namespace scalelab::heat {

// The explicit scheme is stable, and keeps the maximum principle, up to alpha = 1/4.
constexpr double kMaxAlpha = 0.25;
// The largest |--boundary-value|: sums over every cell and step (the heat total, round-off
// bounds) stay far from overflow for any grid a 64-bit size can describe.
constexpr double kMaxTemperature = 1e100;

struct Params {
  std::optional<Size2D> grid;  // --size as the user gave it (unset: the default square)
  std::uint64_t steps = 20;
  double alpha = 0.2;
  std::string boundary = "fixed";      // or "insulated"
  double boundary_value = 0.0;         // the fixed boundary's temperature
  std::string checkpoint;              // file; empty: no checkpoints and SIGTERM keeps its default
  std::uint64_t checkpoint_every = 0;  // 0: only when interrupted
  std::string restart;                 // checkpoint to continue from
  std::string snapshot;                // file of field snapshots
  std::uint64_t snapshot_every = 0;
  std::uint64_t time_block = 1;               // steps per pass over memory (1: the plain stencil)
  StoresOption stores = StoresOption::kAuto;  // how the stencil writes the new field
};

// Adds heat's options to the driver's parser, bound to `params` (which must outlive it),
// after resetting them to their defaults: every parse starts afresh.
// Values are checked as they are parsed (UsageError naming the option); combinations are
// checked by check_combinations.
void add_heat_options(CLI::App& cli, Params& params);

// Options that only make sense together (--checkpoint-every needs --checkpoint, ...).
void check_combinations(const Params& params);

}  // namespace scalelab::heat
