// SPDX-License-Identifier: MIT
#pragma once

// The machine facts a latency table needs beside the measurements: the CPU's nominal clock
// (for the "if one cycle were one second" scale) and its cache sizes (to name the rungs of
// the memory ladder L1, L2, L3, DRAM). Recorded by every costs run, so a table can be printed
// anywhere from the records of the machine that measured.

#include <cstdint>
#include <string>

#include "scalelab/json.hpp"

namespace scalelab::costs {

struct CpuInfo {
  std::string model;       // /proc/cpuinfo "model name"
  double nominal_ghz = 0;  // 0 when no source says
  std::string ghz_source;  // where nominal_ghz came from
};

// Nominal frequency, first source that has it: the "@ 2.50GHz" of the model name (Intel's
// rated clock), cpufreq base_frequency, cpufreq cpuinfo_max_freq, /proc/cpuinfo "cpu MHz".
CpuInfo read_cpu_info();

struct CacheSizes {
  std::uint64_t l1d = 0;  // per core
  std::uint64_t l2 = 0;   // per core on most x86
  std::uint64_t l3 = 0;   // shared
};

// From sysconf (glibc asks CPUID); 0 for a level it does not know.
CacheSizes read_cache_sizes();

Json to_json(const CpuInfo& cpu);
Json to_json(const CacheSizes& caches);

}  // namespace scalelab::costs
