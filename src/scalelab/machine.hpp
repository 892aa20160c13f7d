#pragma once

#include <cstdint>

namespace scalelab {

// Size of the last-level cache in bytes as the OS reports it; 32 MiB if it cannot tell
// (a safe overestimate for sizing "bigger than cache" defaults).
std::uint64_t last_level_cache_bytes();

// Memory the kernel says can be allocated without swapping (MemAvailable), in bytes; 0 if
// it cannot tell.
std::uint64_t available_memory_bytes();

}  // namespace scalelab
