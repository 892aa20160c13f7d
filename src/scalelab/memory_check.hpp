// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "scalelab/comm.hpp"

namespace scalelab {

// Collective. Sums every rank's planned allocation over the ranks sharing a node and throws
// UsageError, with the estimate, if a node would need more than its available memory.
void check_memory_fits(const Comm& comm, double bytes_per_rank);

// Not collective, for a check that must come before the run is laid out: an input that the
// app would first scan whole to size the run (count its lines or words), and that one rank
// must then hold whole to verify. Throws UsageError naming `what` (e.g. "--input: 'x' (5 GB)")
// if `bytes` exceed this node's available memory, instead of scanning a file that cannot fit.
void check_fits_on_one_node(double bytes, const std::string& what);

}  // namespace scalelab
