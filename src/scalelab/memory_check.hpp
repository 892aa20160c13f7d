#pragma once

#include "scalelab/comm.hpp"

namespace scalelab {

// Collective. Sums every rank's planned allocation over the ranks sharing a node and throws
// UsageError, with the estimate, if a node would need more than its available memory.
void check_memory_fits(const Comm& comm, double bytes_per_rank);

}  // namespace scalelab
