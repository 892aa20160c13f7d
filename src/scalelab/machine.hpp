// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace scalelab {

// Size of the last-level cache in bytes as the OS reports it; 32 MiB if it cannot tell
// (a safe overestimate for sizing "bigger than cache" defaults).
std::uint64_t last_level_cache_bytes();

// Memory the kernel says can be allocated without swapping (MemAvailable), in bytes; 0 if
// it cannot tell.
std::uint64_t available_memory_bytes();

// CPUs this process may run on (its affinity mask, so a bound MPI rank sees its share).
int usable_cpus();

// The most OpenMP threads one rank may ask for: kThreadsPerCpu per usable CPU (room to study
// oversubscription, not a typo's 100000 threads that exhaust the process table or memory),
// and no more than RLIMIT_NPROC and the memory for their stacks allow.
constexpr int kThreadsPerCpu = 16;
int max_threads_per_rank();

}  // namespace scalelab
