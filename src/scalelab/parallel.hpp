// SPDX-License-Identifier: MIT
#pragma once

#include <omp.h>

#include "scalelab/partition.hpp"

namespace scalelab {

// Splits `whole` into one contiguous block per OpenMP thread and calls f(block) on each
// thread. Setup and the timed kernels both use it, so the thread that first touches a page
// is the thread that later streams it (first-touch placement).
template <class BlockFn>
void parallel_blocks(Range whole, BlockFn&& f) {
#pragma omp parallel
  f(block_range(whole, static_cast<std::uint64_t>(omp_get_num_threads()),
                static_cast<std::uint64_t>(omp_get_thread_num())));
}

}  // namespace scalelab
