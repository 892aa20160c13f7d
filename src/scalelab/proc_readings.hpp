// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab {

// Readings of the node's load from /proc and /sys. The parsers take the file's text so they
// can be tested on fixed input; the readers return NaN when a file cannot be read or parsed,
// which records serialise as null ("not measured"): a missing /proc is never an error.

// Cumulative CPU time of the whole node since boot, from the "cpu" line of /proc/stat.
struct CpuTimes {
  double busy_s = 0;   // user + nice + system + irq + softirq (guest is already in user)
  double idle_s = 0;   // idle + iowait
  double steal_s = 0;  // taken by the hypervisor for other virtual machines
};

// Parses /proc/stat text; `ticks_per_second` is USER_HZ. False if there is no usable cpu line.
bool parse_proc_stat(std::string_view text, double ticks_per_second, CpuTimes& out);
// The 1-minute load average, first field of /proc/loadavg; NaN if malformed.
double parse_loadavg_1m(std::string_view text);
// Mean of scaling_cur_freq texts (kHz) in MHz, over those that parse; NaN if none does.
double mean_frequency_mhz(const std::vector<std::string>& khz_texts);
// The "VmHWM:" line of /proc/PID/status (peak resident set size, in kB = KiB) in bytes; 0 if
// there is none or it does not parse (no process that runs has a peak of 0).
std::uint64_t parse_vm_hwm_bytes(std::string_view status_text);

// The live readings of this node.
bool read_cpu_times(CpuTimes& out);
double read_loadavg_1m();
double read_frequency_mhz();
int online_cpus();
// CPU seconds this process (all its threads) has used.
double own_cpu_seconds();
// This process's peak resident set size so far (all its threads), from /proc/self/status;
// 0 if unreadable.
std::uint64_t read_peak_rss_bytes();
// What identifies the running kernel: /proc/sys/kernel/random/boot_id, or the host name
// where that cannot be read. Processes with the same one share /proc/stat and memory.
std::string kernel_identity();

}  // namespace scalelab
