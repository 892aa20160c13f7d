// SPDX-License-Identifier: MIT
#include "scalelab/machine.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

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

int usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? static_cast<int>(online) : 1;
}

int max_threads_per_rank() {
  std::uint64_t cap = static_cast<std::uint64_t>(usable_cpus()) * kThreadsPerCpu;
  rlimit limit{};
  if (getrlimit(RLIMIT_NPROC, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    cap = std::min<std::uint64_t>(cap, limit.rlim_cur);
  }
  // Each thread's stack: the stack limit new threads inherit (8 MiB if unlimited).
  std::uint64_t stack = std::uint64_t{8} << 20;
  if (getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    stack = std::max<std::uint64_t>(limit.rlim_cur, std::uint64_t{64} << 10);
  }
  const std::uint64_t memory = available_memory_bytes();
  if (memory > 0) cap = std::min(cap, memory / stack);
  return static_cast<int>(std::max<std::uint64_t>(cap, 1));
}

}  // namespace scalelab
