#pragma once

#include <cstdint>

namespace scalelab {

// Size of the last-level cache in bytes as the OS reports it; 32 MiB if it cannot tell
// (a safe overestimate for sizing "bigger than cache" defaults).
std::uint64_t last_level_cache_bytes();

}  // namespace scalelab
