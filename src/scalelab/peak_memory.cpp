// SPDX-License-Identifier: MIT
#include "scalelab/peak_memory.hpp"

#include <algorithm>
#include <map>

#include "scalelab/proc_readings.hpp"

namespace scalelab {
namespace {

// The peak of each rank is /proc/self/status VmHWM rather than getrusage's ru_maxrss: both
// read the kernel's high-water mark of the process's resident pages, but Linux carries
// ru_maxrss over an exec from the process image it replaced, so a rank started by a large
// parent (a Python sweep forks itself before it execs mpirun or the app) reports the
// parent's size. VmHWM starts afresh with the program, so it is this run's alone.

// An unreadable peak (0) is null, never a number that looks measured.
Json bytes_or_null(std::uint64_t bytes) {
  return bytes > 0 ? Json(bytes) : Json();
}

// Sum and max over ranks; a sum over partly unreadable peaks would understate, so it is null.
Json sum_and_max(const std::vector<std::uint64_t>& values) {
  const bool all_read =
      std::none_of(values.begin(), values.end(), [](std::uint64_t v) { return v == 0; });
  std::uint64_t sum = 0;
  for (const std::uint64_t v : values) sum += v;
  const std::uint64_t max = values.empty() ? 0 : *std::max_element(values.begin(), values.end());
  return Json::object(
      {{"sum", all_read ? bytes_or_null(sum) : Json()}, {"max", bytes_or_null(max)}});
}

// What the workload declared: null when it declares nothing (0 on every rank).
Json declared_json(const Comm& comm, double declared_bytes_per_rank) {
  const double sum = comm.sum(declared_bytes_per_rank);
  const double max = comm.max(declared_bytes_per_rank);
  if (sum <= 0) return Json();
  return Json::object({{"sum", sum}, {"max", max}});
}

}  // namespace

Json per_node_json(const std::vector<std::uint64_t>& peaks,
                   const std::vector<std::uint64_t>& node_of_rank) {
  std::map<std::uint64_t, std::vector<std::uint64_t>> nodes;  // first rank -> its ranks' peaks
  for (std::size_t r = 0; r < peaks.size(); ++r) nodes[node_of_rank.at(r)].push_back(peaks[r]);
  Json out = Json::array();
  for (const auto& [first_rank, node_peaks] : nodes) {
    out.push(Json::object({{"first_rank", first_rank},
                           {"ranks", node_peaks.size()},
                           {"sum", sum_and_max(node_peaks).at("sum")}}));
  }
  return out;
}

Json memory_json(const Comm& comm, double declared_bytes_per_rank) {
  const Json declared = declared_json(comm, declared_bytes_per_rank);
  const std::uint64_t peak = read_peak_rss_bytes();
#ifdef SCALELAB_SMPI
  if (!comm.is_root()) return Json();
  return Json::object(
      {{"peak_rss_bytes", Json::object({{"simulator_process", bytes_or_null(peak)}})},
       {"declared_bytes", declared},
       {"what",
        "SMPI: every simulated rank runs in the simulator's one process, so there is no peak "
        "per rank; simulator_process is that process's peak resident set size (VmHWM)"}});
#else
  // The node of each rank, named by its first rank: a node communicator's rank 0 is its
  // lowest world rank, since NodeComm keeps world order.
  const NodeComm node(comm);
  const int first_rank = Comm(node.raw()).min(comm.rank());
  const std::vector<std::uint64_t> peaks = comm.all_gather(peak);
  const std::vector<std::uint64_t> node_of_rank =
      comm.all_gather(static_cast<std::uint64_t>(first_rank));
  if (!comm.is_root()) return Json();
  Json per_rank = Json::array();
  for (const std::uint64_t p : peaks) per_rank.push(bytes_or_null(p));
  const Json totals = sum_and_max(peaks);
  Json peak_block = Json::object({{"per_rank", per_rank}});
  for (const auto& [key, value] : totals.as_object()) peak_block.set(key, value);
  peak_block.set("per_node", per_node_json(peaks, node_of_rank));
  return Json::object(
      {{"peak_rss_bytes", peak_block},
       {"declared_bytes", declared},
       {"what",
        "peak resident set size (VmHWM) of each rank's process from its start to the record "
        "(data, MPI and OpenMP runtimes, verification); a rank's threads share it"}});
#endif
}

}  // namespace scalelab
