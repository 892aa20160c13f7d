// SPDX-License-Identifier: MIT
#pragma once

// counter's own command-line options: --method, --mixed and --increments.

#include <cstdint>
#include <string>

#include "counter.hpp"
#include "scalelab/cli.hpp"

namespace scalelab::counter {

// Adds counter's options to the driver's parser, bound to `params` (which must outlive it).
void add_counter_options(CLI::App& cli, Params& params);

// --size when none is given: a rep of roughly 0.1-0.5 s for one worker using `method` (the
// per-update cost differs by ~1000x from a register add to an MPI_Accumulate). An empty
// method is the model's default, which is always a private-partial-sum method.
std::uint64_t default_updates(const std::string& method);

}  // namespace scalelab::counter
