// SPDX-License-Identifier: MIT
#include "scalelab/proc_readings.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

namespace scalelab {
namespace {

constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

bool parse_proc_stat(std::string_view text, double ticks_per_second, CpuTimes& out) {
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string label;
    // The aggregate line is "cpu"; "cpu0", "cpu1", ... are the single CPUs.
    if (!(fields >> label) || label != "cpu") continue;
    // user nice system idle iowait irq softirq steal guest guest_nice: older kernels stop
    // early, so the later ones default to 0; the first four must be there.
    double tick[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int count = 0;
    while (count < 8 && fields >> tick[count]) ++count;
    if (count < 4 || ticks_per_second <= 0) return false;
    out.busy_s = (tick[0] + tick[1] + tick[2] + tick[5] + tick[6]) / ticks_per_second;
    out.idle_s = (tick[3] + tick[4]) / ticks_per_second;
    out.steal_s = tick[7] / ticks_per_second;
    return true;
  }
  return false;
}

double parse_loadavg_1m(std::string_view text) {
  std::istringstream in{std::string(text)};
  double load = 0;
  return in >> load && load >= 0 ? load : kNotMeasured;
}

double mean_frequency_mhz(const std::vector<std::string>& khz_texts) {
  double sum = 0;
  int count = 0;
  for (const std::string& text : khz_texts) {
    std::istringstream in(text);
    double khz = 0;
    if (in >> khz && khz > 0) {
      sum += khz / 1000.0;
      ++count;
    }
  }
  return count > 0 ? sum / count : kNotMeasured;
}

std::uint64_t parse_vm_hwm_bytes(std::string_view status_text) {
  std::istringstream in{std::string(status_text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string label, unit;
    std::uint64_t kib = 0;
    if (!(fields >> label) || label != "VmHWM:") continue;
    if (!(fields >> kib >> unit) || unit != "kB" || kib > UINT64_MAX / 1024) return 0;
    return kib * 1024;
  }
  return 0;
}

bool read_cpu_times(CpuTimes& out) {
  return parse_proc_stat(read_text("/proc/stat"), static_cast<double>(sysconf(_SC_CLK_TCK)), out);
}

std::string kernel_identity() {
  std::string id = read_text("/proc/sys/kernel/random/boot_id");
  if (!id.empty()) return id;
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

double read_loadavg_1m() {
  return parse_loadavg_1m(read_text("/proc/loadavg"));
}

double read_frequency_mhz() {
  std::vector<std::string> texts;
  // CPU numbers can have gaps (offline CPUs), so try up to the configured count.
  const long configured = sysconf(_SC_NPROCESSORS_CONF);
  for (long cpu = 0; cpu < configured; ++cpu) {
    texts.push_back(read_text("/sys/devices/system/cpu/cpu" + std::to_string(cpu) +
                              "/cpufreq/scaling_cur_freq"));
  }
  return mean_frequency_mhz(texts);
}

int online_cpus() {
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  return cpus > 0 ? static_cast<int>(cpus) : 1;
}

double own_cpu_seconds() {
  timespec now{};
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) != 0) return kNotMeasured;
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

std::uint64_t read_peak_rss_bytes() {
  return parse_vm_hwm_bytes(read_text("/proc/self/status"));
}

}  // namespace scalelab
