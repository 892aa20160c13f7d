// SPDX-License-Identifier: MIT
#pragma once

// matmul's own command-line options (--values, --input, --save) and the checks that tie
// them to the common ones once parsing is complete.

#include "matmul.hpp"
#include "scalelab/cli.hpp"

namespace scalelab::matmul {

// Adds matmul's options to the driver's parser, bound to `params` (which must outlive it).
void add_matmul_options(CLI::App& cli, Params& params);

}  // namespace scalelab::matmul
