#include "scalelab/machine.hpp"

#include <unistd.h>

#include <fstream>
#include <string>

namespace scalelab {
namespace {

// Reads e.g. "36608K" from sysfs.
std::uint64_t sysfs_cache_size(int index) {
  std::ifstream in("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/size");
  std::string text;
  if (!(in >> text) || text.empty()) return 0;
  std::uint64_t value = std::stoull(text);
  if (text.back() == 'K') value <<= 10;
  if (text.back() == 'M') value <<= 20;
  return value;
}

}  // namespace

std::uint64_t last_level_cache_bytes() {
  std::uint64_t best = 0;
#ifdef _SC_LEVEL3_CACHE_SIZE
  const long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
  if (l3 > 0) best = static_cast<std::uint64_t>(l3);
#endif
  for (int index = 0; index < 8; ++index) {
    try {
      const std::uint64_t size = sysfs_cache_size(index);
      if (size > best) best = size;
    } catch (...) {
      // A malformed sysfs entry only means we fall back to the other sources.
    }
  }
  return best > 0 ? best : (32ULL << 20);
}

std::uint64_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  std::uint64_t kib = 0;
  while (in >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib << 10;
  }
  return 0;
}

}  // namespace scalelab
