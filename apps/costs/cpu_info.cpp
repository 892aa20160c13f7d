// SPDX-License-Identifier: MIT
#include "cpu_info.hpp"

#include <unistd.h>

#include <exception>
#include <fstream>
#include <regex>

namespace scalelab::costs {
namespace {

// The value of the first "key : value" line of /proc/cpuinfo with this key.
std::string cpuinfo_field(const std::string& key) {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name == key) return colon + 2 <= line.size() ? line.substr(colon + 2) : std::string();
  }
  return {};
}

double sysfs_khz_as_ghz(const std::string& file) {
  std::ifstream in("/sys/devices/system/cpu/cpu0/cpufreq/" + file);
  double khz = 0;
  return in >> khz && khz > 0 ? khz / 1e6 : 0;
}

// A number at the start of `text`; 0 when there is none.
double leading_number(const std::string& text) {
  try {
    return std::stod(text);
  } catch (const std::exception&) {
    return 0;
  }
}

std::uint64_t sysconf_bytes(int name) {
  const long value = sysconf(name);
  return value > 0 ? static_cast<std::uint64_t>(value) : 0;
}

}  // namespace

CpuInfo read_cpu_info() {
  CpuInfo cpu;
  cpu.model = cpuinfo_field("model name");
  std::smatch rated;
  static const std::regex kRated(R"(@\s*([0-9.]+)\s*GHz)");
  if (std::regex_search(cpu.model, rated, kRated)) {
    cpu.nominal_ghz = leading_number(rated[1]);
    cpu.ghz_source = "/proc/cpuinfo model name (rated clock)";
  } else if (const double base = sysfs_khz_as_ghz("base_frequency"); base > 0) {
    cpu.nominal_ghz = base;
    cpu.ghz_source = "cpufreq base_frequency";
  } else if (const double max = sysfs_khz_as_ghz("cpuinfo_max_freq"); max > 0) {
    cpu.nominal_ghz = max;
    cpu.ghz_source = "cpufreq cpuinfo_max_freq (maximum, not nominal)";
  } else if (const double mhz = leading_number(cpuinfo_field("cpu MHz")); mhz > 0) {
    cpu.nominal_ghz = mhz / 1e3;
    cpu.ghz_source = "/proc/cpuinfo cpu MHz (current clock)";
  }
  return cpu;
}

CacheSizes read_cache_sizes() {
  return {sysconf_bytes(_SC_LEVEL1_DCACHE_SIZE), sysconf_bytes(_SC_LEVEL2_CACHE_SIZE),
          sysconf_bytes(_SC_LEVEL3_CACHE_SIZE)};
}

Json to_json(const CpuInfo& cpu) {
  return Json::object({{"model", cpu.model},
                       {"nominal_GHz", cpu.nominal_ghz > 0 ? Json(cpu.nominal_ghz) : Json()},
                       {"GHz_source", cpu.ghz_source}});
}

Json to_json(const CacheSizes& caches) {
  return Json::object(
      {{"L1d_bytes", caches.l1d}, {"L2_bytes", caches.l2}, {"L3_bytes", caches.l3}});
}

}  // namespace scalelab::costs
